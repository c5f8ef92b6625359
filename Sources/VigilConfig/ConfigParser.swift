import Foundation
import VigilCore
import Yams

/// Walks the composed YAML tree into a configuration, recording every problem instead of stopping at
/// the first: someone fixing a config wants the whole list in one run.
struct ConfigParser {
    let file: String
    let paths: PathResolver
    var problems: [ConfigProblem] = []

    init(file: String, paths: PathResolver) {
        self.file = file
        self.paths = paths
    }

    mutating func parse(_ root: Node?) -> VigilConfiguration {
        var config = VigilConfiguration()
        // An empty file (or only comments) is a config with every default.
        guard let root, !root.isNull else { return config }
        guard let top = fields(of: root, path: "", expected: "a mapping of settings (store:, sources:, datasets:, ...)")
        else { return config }
        checkKeys(top, allowed: ConfigKeys.topLevel)
        if let f = top["store"] { config.store = store(f) }
        config.storeDSN = secret("store_dsn", in: top)
        if config.storeDSN != nil, let f = top["store"] {
            problem(at: f.keyNode, f.path, "set either store or store_dsn_env/store_dsn_file, not both")
        }
        if let f = top["theme"], let theme = string(f) { config.theme = theme }
        if let f = top["user"] { config.user = string(f) }
        if let f = top["read_only"], let flag = bool(f) { config.readOnly = flag }
        if let f = top["runbooks"] { config.runbooks = path(f) }
        var declaredSources: [DeclaredSource] = []
        if let f = top["sources"] { config.sources = sources(f, declared: &declaredSources) }
        if let f = top["datasets"] { config.datasets = datasets(f, sources: declaredSources) }
        if let f = top["serve"] { config.serve = serve(f) }
        if let f = top["notify"] { config.notify = notify(f) }
        if let f = top["changes"] { config.changes = changes(f, sources: declaredSources) }
        return config
    }

    // MARK: Recording problems

    mutating func problem(at node: Node?, _ field: String, _ message: String, hint: String? = nil) {
        problems.append(ConfigProblem(file: file, line: node?.mark?.line, column: node?.mark?.column,
                                      field: field, message: message, hint: hint))
    }

    // MARK: Structure

    /// The node as a mapping with plain-text keys; a problem (and nil) when it is something else.
    mutating func fields(of node: Node, path: String, expected: String) -> MappingFields? {
        guard let mapping = node.mapping else {
            problem(at: node, path, "expected \(expected), found \(node.kindDescription)")
            return nil
        }
        var list: [Field] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                problem(at: keyNode, path, "keys must be plain words, found \(keyNode.kindDescription)")
                continue
            }
            list.append(Field(key: key, keyNode: keyNode, value: value, path: path.isEmpty ? key : "\(path).\(key)"))
        }
        return MappingFields(node: node, path: path, list: list)
    }

    /// Reports keys outside `allowed`: inline secrets, keys that belong elsewhere (`notHere`), and typos.
    mutating func checkKeys(_ fields: MappingFields, allowed: [String], notHere: (String) -> (String, String)? = { _ in nil }) {
        for field in fields.list where !allowed.contains(field.key) {
            if ConfigKeys.inlineSecrets.contains(field.key) {
                // Never echo the value: it is the secret.
                problem(at: field.keyNode, field.path,
                        "secrets are never written in the config: use \(field.key)_env or \(field.key)_file",
                        hint: "\(field.key)_env: NAME reads an environment variable; \(field.key)_file: PATH reads a file only you can read, mode 600")
            } else if let (message, hint) = notHere(field.key) {
                problem(at: field.keyNode, field.path, message, hint: hint)
            } else if let guess = DidYouMean.suggest(field.key, among: allowed) {
                problem(at: field.keyNode, field.path, "unknown key '\(field.key)'", hint: "did you mean '\(guess)'?")
            } else {
                problem(at: field.keyNode, field.path, "unknown key '\(field.key)'",
                        hint: "known keys here: \(allowed.joined(separator: ", "))")
            }
        }
    }

    mutating func missing(_ key: String, in fields: MappingFields, _ message: String? = nil, hint: String? = nil) {
        problem(at: fields.node, fields.path(of: key), message ?? "missing '\(key)'", hint: hint)
    }

    // MARK: Scalars

    /// Text of a single value; problems for lists, mappings and empty values.
    mutating func string(_ field: Field) -> String? {
        guard let scalar = field.value.scalar else {
            problem(at: field.value, field.path, "must be a single value, not \(field.value.kindDescription)",
                    hint: "write \(field.key): VALUE on one line")
            return nil
        }
        if field.value.isNull || scalar.string.trimmingCharacters(in: .whitespaces).isEmpty {
            problem(at: field.keyNode, field.path, "has no value")
            return nil
        }
        return scalar.string
    }

    mutating func bool(_ field: Field) -> Bool? {
        guard field.value.scalar != nil, let flag = field.value.bool else {
            problem(at: field.value, field.path, "must be true or false",
                    hint: "write \(field.key): true or \(field.key): false")
            return nil
        }
        return flag
    }

    mutating func int(_ field: Field) -> Int? {
        // Parsed as decimal text on purpose: YAML would read "010" as octal 8.
        guard let scalar = field.value.scalar, scalar.style == .plain, let n = Int(scalar.string) else {
            let shown = field.value.scalar.map { "'\($0.string)'" } ?? field.value.kindDescription
            problem(at: field.value, field.path, "\(shown) is not a whole number")
            return nil
        }
        return n
    }

    /// Ten years: longer than any freshness, interval or window means, short enough for any timer.
    static let longestDuration: TimeInterval = 3650 * 86_400

    /// A positive duration such as 30s, 5m, 2h, 1d or 1h30m, at most `longestDuration`.
    mutating func duration(_ field: Field) -> TimeInterval? {
        guard let text = string(field) else { return nil }
        guard let seconds = DurationFormat.parse(text) else {
            let hint = Int(text) != nil ? "add a unit: \(text)s, \(text)m, \(text)h or \(text)d" : "use 30s, 5m, 2h, 1d or combined, like 1h30m"
            problem(at: field.value, field.path, "'\(text)' is not a duration", hint: hint)
            return nil
        }
        guard seconds > 0 else {
            problem(at: field.value, field.path, "must be longer than 0s")
            return nil
        }
        // Durations become timers and whole seconds: "99999999999999999999d" overflowed both (and crashed).
        guard seconds <= Self.longestDuration else {
            problem(at: field.value, field.path, "'\(text.prefix(40))' is longer than 3650d",
                    hint: "durations go up to 10 years, written like 3650d")
            return nil
        }
        return seconds
    }

    /// `store:`: a file path, or a PostgreSQL URL kept as written; a URL holding a password is refused (the config
    /// is no place for secrets: `store_dsn_env` or `store_dsn_file` reads the whole string from elsewhere).
    mutating func store(_ field: Field) -> String? {
        guard let text = string(field) else { return nil }
        guard Self.isPostgresURL(text) else { return paths.resolve(text) }
        if let url = URLComponents(string: text), url.password != nil {
            problem(at: field.value, field.path, "holds a password; a config file is no place for secrets",
                    hint: "remove it and write store_dsn_env: VIGIL_STORE_DSN (or store_dsn_file: PATH) instead of store:")
            return nil
        }
        return text
    }

    static func isPostgresURL(_ text: String) -> Bool { text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") }

    /// A path, `~` expanded and resolved against the config file's directory.
    mutating func path(_ field: Field) -> String? {
        string(field).map(paths.resolve)
    }
}
