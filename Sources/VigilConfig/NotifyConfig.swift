import Foundation
import VigilCore
import Yams

/// `notify:` in vigil.yaml: where incidents are sent as alerts (Alertmanager, or a signed webhook), which incidents
/// go where, and how often an open incident is re-sent to Alertmanager.
public struct NotifyConfig: Sendable, Equatable {
    /// One minute, as Prometheus re-sends: well under Alertmanager's default resolve_timeout (5m), and firing alerts
    /// carry endsAt = now + 4 × resend_every, so one lost re-send never resolves an alert.
    public static let defaultResendEvery: TimeInterval = 60
    public static let defaultTimeout: TimeInterval = 10

    public enum Kind: String, Sendable, Equatable, CaseIterable { case alertmanager, webhook }

    public struct Target: Sendable, Equatable {
        public var name: String
        public var kind: Kind
        public var url: URL
        /// Alertmanager: basic auth (`username` with password) or a bearer token.
        public var username: String?
        public var password: SecretReference?
        public var token: SecretReference?
        /// Webhook: the HMAC-SHA256 key of `X-Vigil-Signature` (nil: unsigned).
        public var secret: SecretReference?
        public var timeout: TimeInterval

        public init(name: String, kind: Kind, url: URL, username: String? = nil, password: SecretReference? = nil,
                    token: SecretReference? = nil, secret: SecretReference? = nil, timeout: TimeInterval = NotifyConfig.defaultTimeout) {
            self.name = name
            self.kind = kind
            self.url = url
            self.username = username
            self.password = password
            self.token = token
            self.secret = secret
            self.timeout = timeout
        }
    }

    /// Incidents matching every list given (an empty list matches all) go to `targets`.
    public struct Route: Sendable, Equatable {
        public var kinds: [IncidentKind]
        public var severities: [Severity]
        public var tiers: [Int]
        public var targets: [String]

        public init(kinds: [IncidentKind] = [], severities: [Severity] = [], tiers: [Int] = [], targets: [String]) {
            self.kinds = kinds
            self.severities = severities
            self.tiers = tiers
            self.targets = targets
        }

        public func matches(kind: IncidentKind?, severity: Severity, tier: Int?) -> Bool {
            (kinds.isEmpty || kind.map(kinds.contains) == true)
                && (severities.isEmpty || severities.contains(severity))
                && (tiers.isEmpty || tier.map(tiers.contains) == true)
        }
    }

    public var targets: [Target]
    /// No routes: every incident goes to every target.
    public var routes: [Route]
    public var resendEvery: TimeInterval

    public init(targets: [Target] = [], routes: [Route] = [], resendEvery: TimeInterval = NotifyConfig.defaultResendEvery) {
        self.targets = targets
        self.routes = routes
        self.resendEvery = resendEvery
    }

    public func target(named name: String) -> Target? { targets.first { $0.name == name } }

    /// The targets an incident goes to, in the order `targets:` lists them.
    public func targets(kind: IncidentKind?, severity: Severity, tier: Int?) -> [Target] {
        guard !routes.isEmpty else { return targets }
        let names = Set(routes.filter { $0.matches(kind: kind, severity: severity, tier: tier) }.flatMap(\.targets))
        return targets.filter { names.contains($0.name) }
    }
}

extension ConfigParser {
    mutating func notify(_ field: Field) -> NotifyConfig? {
        guard let fields = fields(of: field.value, path: field.path, expected: "a mapping (targets:, routes:, resend_every:)")
        else { return nil }
        checkKeys(fields, allowed: ConfigKeys.notify)
        var config = NotifyConfig()
        if let f = fields["resend_every"], let seconds = duration(f) {
            if seconds < 5 || seconds >= 300 {
                problem(at: f.value, f.path, "must be between 5s and 4m59s",
                        hint: "Alertmanager resolves an alert it has not heard of for resolve_timeout (5m by default)")
            } else {
                config.resendEvery = seconds
            }
        }
        if let f = fields["targets"] { config.targets = notifyTargets(f) }
        let names = config.targets.map(\.name)
        if let f = fields["routes"] { config.routes = notifyRoutes(f, targets: names) }
        return config
    }

    private mutating func notifyTargets(_ field: Field) -> [NotifyConfig.Target] {
        guard let items = field.value.sequence else {
            problem(at: field.value, field.path, "expected a list of targets, found \(field.value.kindDescription)",
                    hint: "each target starts with '- name:'")
            return []
        }
        var result: [NotifyConfig.Target] = []
        var seen: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            guard let fields = fields(of: item, path: "\(field.path)[\(index)]", expected: "a target (name:, kind:, url:)") else { continue }
            var kind: NotifyConfig.Kind?
            if let f = fields["kind"], let text = string(f) {
                kind = NotifyConfig.Kind(rawValue: text)
                if kind == nil {
                    let kinds = NotifyConfig.Kind.allCases.map(\.rawValue)
                    let guess = DidYouMean.suggest(text, among: kinds).map { "did you mean '\($0)'? " } ?? ""
                    problem(at: f.value, f.path, "unknown kind '\(text)'", hint: "\(guess)kinds: \(kinds.joined(separator: ", "))")
                }
            } else if fields["kind"] == nil {
                missing("kind", in: fields, "every target needs a 'kind'", hint: "alertmanager or webhook")
            }
            let allowed = kind.map(ConfigKeys.notifyTarget) ?? ConfigKeys.notifyTargetAny
            checkKeys(fields, allowed: allowed) { key in
                guard let kind, ConfigKeys.notifyTargetAny.contains(key) else { return nil }
                return ("'\(key)' does not apply to a \(kind.rawValue) target",
                        "\(kind.rawValue) targets take: \(ConfigKeys.notifyTarget(kind).joined(separator: ", "))")
            }
            var name: String?
            if let f = fields["name"], let text = string(f) {
                if let first = seen[text] {
                    problem(at: f.value, f.path, "duplicate target name '\(text)'", hint: "first used on line \(first)")
                } else {
                    seen[text] = f.value.mark?.line ?? 0
                    name = text
                }
            } else if fields["name"] == nil {
                missing("name", in: fields, "every target needs a 'name'", hint: "routes and `vigil notify test --target` use it")
            }
            var url: URL?
            if let f = fields["url"] { url = self.url(f) } else {
                missing("url", in: fields, "a target needs 'url'",
                        hint: kind == .webhook ? "the receiver's URL" : "Alertmanager's base URL, e.g. http://127.0.0.1:9093")
            }
            let timeout = fields["timeout"].flatMap { duration($0) } ?? NotifyConfig.defaultTimeout
            let username = fields["username"].flatMap { string($0) }
            let password = secret("password", in: fields), token = secret("token", in: fields)
            if let key = fields["password_env"] ?? fields["password_file"], fields["username"] == nil {
                problem(at: key.keyNode, key.path, "a password needs 'username' too")
            }
            if let key = fields["token_env"] ?? fields["token_file"], fields["password_env"] ?? fields["password_file"] != nil {
                problem(at: key.keyNode, key.path, "use either a token or a username and password, not both")
            }
            let secret = secret("secret", in: fields)
            guard let name, let kind, let url else { continue }
            result.append(NotifyConfig.Target(name: name, kind: kind, url: url, username: username, password: password,
                                              token: token, secret: secret, timeout: timeout))
        }
        return result
    }

    private mutating func notifyRoutes(_ field: Field, targets: [String]) -> [NotifyConfig.Route] {
        guard let items = field.value.sequence else {
            problem(at: field.value, field.path, "expected a list of routes, found \(field.value.kindDescription)",
                    hint: "each route is '- targets: [NAME]' with optional kinds:, severities:, tiers:")
            return []
        }
        var result: [NotifyConfig.Route] = []
        for (index, item) in items.enumerated() {
            guard let fields = fields(of: item, path: "\(field.path)[\(index)]", expected: "a route (kinds:, severities:, tiers:, targets:)")
            else { continue }
            checkKeys(fields, allowed: ConfigKeys.notifyRoute)
            let kindNames = IncidentKind.allCases.map(\.rawValue)
            let kinds: [IncidentKind] = fields["kinds"].map { words($0) }?.compactMap { word, node, path in
                if let kind = IncidentKind(rawValue: word) ?? (word == "data correctness" ? .correctness : nil) { return kind }
                let guess = DidYouMean.suggest(word, among: kindNames).map { "did you mean '\($0)'? " } ?? ""
                problem(at: node, path, "unknown incident kind '\(word)'", hint: "\(guess)kinds: \(kindNames.joined(separator: ", "))")
                return nil
            } ?? []
            let severities: [Severity] = fields["severities"].map { words($0) }?.compactMap { word, node, path in
                let digits = word.lowercased().hasPrefix("sev") ? String(word.dropFirst(3)) : word
                if let n = Int(digits), let severity = Severity(rawValue: n) { return severity }
                problem(at: node, path, "unknown severity '\(word)'", hint: "sev1, sev2, sev3 or sev4")
                return nil
            } ?? []
            let tiers: [Int] = fields["tiers"].map { words($0) }?.compactMap { word, node, path in
                if let n = Int(word), (1...3).contains(n) { return n }
                problem(at: node, path, "'\(word)' is not a tier", hint: "tiers are 1, 2 and 3")
                return nil
            } ?? []
            var names: [String] = []
            if let f = fields["targets"] {
                for (word, node, path) in words(f) {
                    if targets.contains(word) { names.append(word); continue }
                    let guess = DidYouMean.suggest(word, among: targets).map { "did you mean '\($0)'? " } ?? ""
                    problem(at: node, path, "no target named '\(word)'",
                            hint: targets.isEmpty ? "declare it under notify.targets" : "\(guess)targets: \(targets.joined(separator: ", "))")
                }
            } else {
                missing("targets", in: fields, "a route needs 'targets'", hint: "the names of notify.targets it sends to")
            }
            if !names.isEmpty { result.append(NotifyConfig.Route(kinds: kinds, severities: severities, tiers: tiers, targets: names)) }
        }
        return result
    }

    /// A list of single values (or one value), each with its node and path for problems.
    private mutating func words(_ field: Field) -> [(String, Node, String)] {
        if let scalar = field.value.scalar, !field.value.isNull { return [(scalar.string, field.value, field.path)] }
        guard let items = field.value.sequence else {
            problem(at: field.value, field.path, "expected a list, found \(field.value.kindDescription)", hint: "e.g. [a, b]")
            return []
        }
        return items.enumerated().compactMap { index, node in
            guard let scalar = node.scalar else {
                problem(at: node, "\(field.path)[\(index)]", "must be a single value, not \(node.kindDescription)")
                return nil
            }
            return (scalar.string, node, "\(field.path)[\(index)]")
        }
    }
}
