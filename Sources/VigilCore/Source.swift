import Foundation

/// What kind of system a source is. New collectors add a case here.
public enum SourceKind: String, Codable, Sendable, CaseIterable {
    case demo, airflow, dbt, postgres
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

    public var id: String { name }

    public init(name: String, kind: SourceKind, health: SourceHealth = .unknown,
                lastAttemptAt: Date? = nil, lastSuccessAt: Date? = nil, lastError: String? = nil) {
        self.name = name
        self.kind = kind
        self.health = health
        self.lastAttemptAt = lastAttemptAt
        self.lastSuccessAt = lastSuccessAt
        self.lastError = lastError
    }
}
