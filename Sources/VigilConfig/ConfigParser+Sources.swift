import Foundation
import VigilCore
import Yams

/// A source name as written, with the kind it declared (nil when the kind is missing or wrong).
struct DeclaredSource {
    let name: String
    let kind: SourceKind?
}

extension ConfigParser {
    mutating func sources(_ field: Field, declared: inout [DeclaredSource]) -> [SourceConfig] {
        // `sources:` with every entry commented out is an empty list, not a mistake.
        if field.value.isNull { return [] }
        guard let items = field.value.sequence else {
            problem(at: field.value, field.path, "expected a list of sources, found \(field.value.kindDescription)",
                    hint: "each source starts with '- name:'")
            return []
        }
        var result: [SourceConfig] = []
        var firstLine: [String: Int] = [:]
        // Checked once every source is declared: a warehouse may be listed after the dbt source naming it.
        var warehouses: [(Field, String)] = []
        for (index, item) in items.enumerated() {
            guard let fields = fields(of: item, path: "\(field.path)[\(index)]", expected: "a source (name:, kind:, ...)")
            else { continue }
            let name = sourceName(fields, firstLine: &firstLine)
            let kind = sourceKind(fields)
            if let name { declared.append(DeclaredSource(name: name, kind: kind)) }
            checkKeys(fields, allowed: kind.map(ConfigKeys.source) ?? ConfigKeys.anySource) { key in
                guard let kind, ConfigKeys.anySource.contains(key) else { return nil }
                return ("'\(key)' does not apply to a \(kind.rawValue) source",
                        "\(kind.rawValue) sources take: \(ConfigKeys.source(kind).joined(separator: ", "))")
            }
            let warehouse = kind == .dbt ? fields["warehouse"].flatMap { field in string(field).map { (field, $0) } } : nil
            if let warehouse { warehouses.append(warehouse) }
            if var source = sourceSettings(fields, name: name, kind: kind) {
                source.warehouse = warehouse?.1
                result.append(source)
            }
        }
        for (field, name) in warehouses { checkWarehouse(name, field: field, sources: declared) }
        return result
    }

    /// `warehouse:` of a dbt source must name a postgres source.
    private mutating func checkWarehouse(_ name: String, field: Field, sources: [DeclaredSource]) {
        guard let declared = knownSource(name, field: field, sources: sources) else { return }
        if let kind = sources.first(where: { $0.name == declared })?.kind, kind != .postgres {
            let postgres = sources.filter { $0.kind == .postgres }.map(\.name)
            problem(at: field.value, field.path, "'\(name)' is not a postgres source (its kind is \(kind.rawValue))",
                    hint: postgres.isEmpty ? "warehouse: names the postgres source the dbt project builds into"
                        : "postgres sources: \(postgres.joined(separator: ", "))")
        }
    }

    private mutating func sourceName(_ fields: MappingFields, firstLine: inout [String: Int]) -> String? {
        guard let field = fields["name"] else {
            missing("name", in: fields, "every source needs a 'name'", hint: "it identifies the source in the console and in produced_by")
            return nil
        }
        guard let name = string(field) else { return nil }
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            problem(at: field.value, field.path, "'\(name)' is not a valid source name",
                    hint: "use letters, digits, '.', '_' and '-': it appears in produced_by as SOURCE/PIPELINE")
            return nil
        }
        if let first = firstLine[name] {
            problem(at: field.value, field.path, "duplicate source name '\(name)'", hint: "first used on line \(first)")
        } else {
            firstLine[name] = field.value.mark?.line ?? 0
        }
        return name
    }

    private mutating func sourceKind(_ fields: MappingFields) -> SourceKind? {
        let kinds = ConfigKeys.kindNames.joined(separator: ", ")
        guard let field = fields["kind"] else {
            missing("kind", in: fields, "every source needs a 'kind'", hint: "kinds: \(kinds)")
            return nil
        }
        guard let text = string(field) else { return nil }
        if text == SourceKind.git.rawValue {
            problem(at: field.value, field.path, "git repositories are not sources",
                    hint: "list them under changes: (repo:, branch:, touches:); their commits are recorded as changes")
            return nil
        }
        if text == SourceKind.openlineage.rawValue {
            problem(at: field.value, field.path, "openlineage is not a polled source",
                    hint: "emitters post to `vigil serve`; configure it under serve: (each namespace becomes a source)")
            return nil
        }
        guard let kind = SourceKind(rawValue: text) else {
            let guess = DidYouMean.suggest(text, among: ConfigKeys.kindNames).map { "did you mean '\($0)'? " } ?? ""
            problem(at: field.value, field.path, "unknown kind '\(text)'", hint: "\(guess)kinds: \(kinds)")
            return nil
        }
        return kind
    }

    /// The typed source, or nil when the name or kind is unusable or a required setting is missing.
    private mutating func sourceSettings(_ fields: MappingFields, name: String?, kind: SourceKind?) -> SourceConfig? {
        let interval = fields["interval"].flatMap { duration($0) }
        let timeout = fields["timeout"].flatMap { duration($0) }
        guard let kind else { return nil }
        var source = SourceConfig(name: name ?? "", kind: kind, interval: interval, timeout: timeout)
        var complete = name != nil
        switch kind {
        case .airflow:
            complete = airflow(fields, into: &source) && complete
        case .dagster:
            complete = dagster(fields, into: &source) && complete
        case .dbt:
            if let field = fields["target_dir"] {
                source.targetDir = path(field)
            } else {
                missing("target_dir", in: fields, "a dbt source needs 'target_dir'",
                        hint: "the dbt project's target/ folder, where manifest.json and run_results.json are written")
                complete = false
            }
        case .postgres:
            source.dsn = secret("dsn", in: fields)
            if fields["dsn_env"] == nil, fields["dsn_file"] == nil {
                missing("dsn_env", in: fields, "a postgres source needs dsn_env or dsn_file",
                        hint: "dsn_env: WAREHOUSE_DSN reads the connection string from that environment variable")
                complete = false
            }
        case .prefect:
            complete = prefect(fields, into: &source) && complete
        case .demo, .openlineage, .git:
            break
        }
        return complete ? source : nil
    }

    private mutating func airflow(_ fields: MappingFields, into source: inout SourceConfig) -> Bool {
        var complete = true
        source.lateGrace = fields["late_grace"].flatMap { duration($0) }
        if let field = fields["url"] {
            source.url = url(field)
        } else {
            missing("url", in: fields, "an airflow source needs 'url'", hint: "the webserver's base URL, e.g. http://127.0.0.1:8080")
            complete = false
        }
        if let field = fields["api"], let text = string(field) {
            source.api = AirflowAPIVersion(rawValue: text)
            if source.api == nil {
                problem(at: field.value, field.path, "unknown api '\(text)'",
                        hint: "v1 (Airflow 2) or v2 (Airflow 3); leave it out to detect")
            }
        }
        (source.username, source.password, source.token) = credential(fields)
        if let field = fields["actions"] { source.actions = actions(field) }
        return complete
    }

    /// `url`, and `token_env`/`token_file` for Dagster+ (sent as the Dagster-Cloud-Api-Token header).
    private mutating func dagster(_ fields: MappingFields, into source: inout SourceConfig) -> Bool {
        source.lateGrace = fields["late_grace"].flatMap { duration($0) }
        return urlAndToken(fields, into: &source, kind: "dagster",
                           hint: "the webserver's base URL (GraphQL is at /graphql under it), e.g. http://127.0.0.1:3000")
    }

    /// `url`, and `token_env`/`token_file` for an API key (sent as a bearer token).
    private mutating func prefect(_ fields: MappingFields, into source: inout SourceConfig) -> Bool {
        urlAndToken(fields, into: &source, kind: "prefect", hint: "the API's URL, ending in /api, e.g. http://127.0.0.1:4200/api")
    }

    /// The `url` a source kind needs, and its optional token's references.
    private mutating func urlAndToken(_ fields: MappingFields, into source: inout SourceConfig, kind: String,
                                      hint: String) -> Bool {
        source.token = secret("token", in: fields)
        guard let field = fields["url"] else {
            missing("url", in: fields, "a \(kind) source needs 'url'", hint: hint)
            return false
        }
        source.url = url(field)
        return true
    }

    /// `username` with `password_env`/`password_file`, or `token_env`/`token_file`: an Airflow credential's references.
    private mutating func credential(_ fields: MappingFields)
        -> (username: String?, password: SecretReference?, token: SecretReference?) {
        let username = fields["username"].flatMap { string($0) }
        let password = secret("password", in: fields), token = secret("token", in: fields)
        let passwordKey = fields["password_env"] ?? fields["password_file"]
        if let passwordKey, fields["username"] == nil {
            problem(at: passwordKey.keyNode, passwordKey.path, "a password needs 'username' too")
        }
        if let tokenKey = fields["token_env"] ?? fields["token_file"], passwordKey != nil {
            problem(at: tokenKey.keyNode, tokenKey.path, "use either a token or a username and password, not both")
        }
        return (username, password, token)
    }

    /// `actions:` the write credential, which must name one: a source without it takes no actions (no key at all).
    private mutating func actions(_ field: Field) -> ActionsCredential? {
        let expected = "the credential actions use (username: with password_env or password_file, or token_env)"
        guard let fields = fields(of: field.value, path: field.path, expected: expected) else { return nil }
        checkKeys(fields, allowed: ConfigKeys.actions)
        let (username, password, token) = credential(fields)
        guard password != nil || token != nil else {
            if ["password_env", "password_file", "token_env", "token_file"].allSatisfy({ fields[$0] == nil }) {
                missing("password_env", in: fields, "actions: needs a credential with write rights",
                        hint: "username: with password_env or password_file, or token_env or token_file; leave actions: out "
                            + "and the source takes no actions")
            }
            return nil
        }
        return ActionsCredential(username: username, password: password, token: token)
    }

    mutating func url(_ field: Field) -> URL? {
        guard let text = string(field) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            problem(at: field.value, field.path, "'\(text)' is not an http(s) URL", hint: "e.g. http://127.0.0.1:8080")
            return nil
        }
        guard url.password == nil else {
            // Do not echo the URL: it holds the password.
            problem(at: field.value, field.path, "the URL carries a password; secrets are never written in the config",
                    hint: "remove it from the URL and use username with password_env or password_file")
            return nil
        }
        return url
    }

    /// `PREFIX_env: NAME` or `PREFIX_file: PATH`; nil when neither (or a problem) is there.
    mutating func secret(_ prefix: String, in fields: MappingFields) -> SecretReference? {
        let env = fields["\(prefix)_env"], file = fields["\(prefix)_file"]
        if env != nil, let file {
            problem(at: file.keyNode, file.path, "set either \(prefix)_env or \(prefix)_file, not both")
            return nil
        }
        if let env, let name = string(env) {
            if name.hasPrefix("$"), Self.isVariableName(String(name.dropFirst())) {
                problem(at: env.value, env.path, "write the variable's name without '$'", hint: "\(env.key): \(name.dropFirst())")
                return nil
            }
            guard Self.isVariableName(name) else {
                // Not echoed: a value that is not a variable name may well be the secret itself.
                problem(at: env.value, env.path, "must name an environment variable (letters, digits and _), not hold the secret",
                        hint: "export MY_SECRET=... in the environment and write \(env.key): MY_SECRET")
                return nil
            }
            return .env(name)
        }
        if let file, let path = path(file) { return .file(path) }
        return nil
    }

    static func isVariableName(_ text: String) -> Bool {
        guard let first = text.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return text.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}
