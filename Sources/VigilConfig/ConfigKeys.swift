import VigilCore

/// Which keys each part of `vigil.yaml` accepts. Unknown keys are problems, not ignored: a typo like
/// `intervall:` that silently falls back to a default is worse than an error naming the line.
enum ConfigKeys {
    static let topLevel = ["store", "theme", "user", "read_only", "runbooks", "sources", "datasets", "serve", "notify", "changes", "store_dsn_env", "store_dsn_file"]
    static let serve = ["listen", "token_env", "token_file", "allow_unauthenticated_loopback", "max_body_bytes", "expected_every",
                              "metrics"]
    static let serveMetrics = ["max_datasets"]
    static let notify = ["targets", "routes", "resend_every"]
    static let notifyRoute = ["kinds", "severities", "tiers", "targets"]
    static func notifyTarget(_ kind: NotifyConfig.Kind) -> [String] {
        switch kind {
        case .alertmanager: return ["name", "kind", "url", "timeout", "username", "password_env", "password_file", "token_env", "token_file"]
        case .webhook: return ["name", "kind", "url", "timeout", "secret_env", "secret_file"]
        }
    }
    static let notifyTargetAny = Array(Set(NotifyConfig.Kind.allCases.flatMap(notifyTarget))).sorted()
    static let dataset = ["name", "tier", "freshness", "loaded_at", "source", "produced_by", "owner", "slo", "aliases",
                                 "volume"]
    /// One `changes:` entry: a git repository whose commits are changes.
    static let changeRepo = ["repo", "branch", "name", "touches", "interval"]
    static let volume = ["max_drop", "max_growth", "exact_count_below"]
    static let slo = ["objective", "window"]
    static let freshness = ["warn_after", "error_after"]

    static let sourceCommon = ["name", "kind", "interval", "timeout"]

    /// Keys only some kinds take, so `url:` on a dbt source can say it does not apply rather than "unknown".
    static func sourceSpecific(_ kind: SourceKind) -> [String] {
        switch kind {
        case .airflow: return ["url", "api", "username", "password_env", "password_file", "token_env", "token_file", "late_grace",
                               "actions"]
        case .dagster: return ["url", "token_env", "token_file", "late_grace"]
        case .dbt: return ["target_dir", "warehouse"]
        case .postgres: return ["dsn_env", "dsn_file"]
        case .prefect: return ["url", "token_env", "token_file"]
        case .demo, .openlineage, .git: return []
        }
    }

    static func source(_ kind: SourceKind) -> [String] { sourceCommon + sourceSpecific(kind) }

    /// `actions:` of an Airflow source: the write credential.
    static let actions = ["username", "password_env", "password_file", "token_env", "token_file"]

    /// Every key some kind of source accepts, for sources whose kind is missing or wrong.
    static let anySource: [String] = {
        var keys = sourceCommon
        for kind in SourceKind.allCases {
            for key in sourceSpecific(kind) where !keys.contains(key) { keys.append(key) }
        }
        return keys
    }()

    /// Keys that would hold a secret's value. Refused outright: config files get committed and pasted.
    static let inlineSecrets = ["password", "token", "dsn", "secret"]

    /// Kinds in the order the docs list them (demo last: it is for trying Vigil out).
    static let kindNames = ["airflow", "dagster", "dbt", "postgres", "prefect", "demo"]
}
