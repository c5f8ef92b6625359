import Foundation

/// What kind of system a source is. New collectors add a case here.
public enum SourceKind: String, Codable, Sendable, CaseIterable {
    case demo, airflow, dbt, postgres, dagster, prefect
    /// A namespace of OpenLineage events posted to `vigil serve` (pushed, not polled: not a `sources:` kind).
    case openlineage
    /// A git repository of `changes:` whose commits are recorded as changes (not a `sources:` kind).
    case git
}

/// A collector's view of whether it can read its source right now.
public enum SourceHealth: String, Codable, Sendable, CaseIterable {
    /// The last poll succeeded.
    case ok
    /// Polls succeed only partly (some endpoints fail) or the last one was slow.
    case degraded
    /// The last poll failed; data shown is the last good data.
    case down
    /// Never polled yet.
    case unknown
}

/// One configured source (an orchestrator, a dbt project, a warehouse) and how its collector is doing.
public struct SourceStatus: Codable, Sendable, Equatable, Identifiable {
    public var name: String
    public var kind: SourceKind
    public var health: SourceHealth
    public var lastAttemptAt: Date?
    public var lastSuccessAt: Date?
    /// Sanitised, secret-free text of the last failure; nil when the last poll succeeded.
    public var lastError: String?
    /// Failed polls in a row (health `down`); 0 once a poll succeeds. Counted by the store on each write.
    public var consecutiveFailures: Int
    /// How long the last pass over the source took, in seconds (nil: not measured yet).
    public var lastPassSeconds: Double?
    /// What the collector can read only partly and why, when that is not a failure
    /// (e.g. a warehouse role without pg_monitor sees only its own sessions).
    public var note: String?

    public var id: String { name }

    public init(name: String, kind: SourceKind, health: SourceHealth = .unknown,
                lastAttemptAt: Date? = nil, lastSuccessAt: Date? = nil, lastError: String? = nil,
                consecutiveFailures: Int = 0, lastPassSeconds: Double? = nil, note: String? = nil) {
        self.name = name
        self.kind = kind
        self.health = health
        self.lastAttemptAt = lastAttemptAt
        self.lastSuccessAt = lastSuccessAt
        self.lastError = lastError
        self.consecutiveFailures = consecutiveFailures
        self.lastPassSeconds = lastPassSeconds
        self.note = note
    }

    /// Age of the data shown for this source: time since its last successful poll (nil: never succeeded).
    public func dataAge(now: Date) -> TimeInterval? {
        lastSuccessAt.map { max(0, now.timeIntervalSince($0)) }
    }
}
