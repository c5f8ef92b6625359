import Foundation

/// One row of the store's outbox: an incident's state to deliver to one target. Written in the transaction that
/// opens the incident (or by the notifier's sweep right after a resolution), so a restart or an outage loses nothing;
/// marked delivered in the store before the notifier moves on, so nothing is sent twice once it is back.
public struct NotifyDelivery: Sendable, Equatable {
    public var target: String
    public var incidentID: String
    public var state: NotifyState
    public var createdAt: Date
    /// Failed attempts in a row (0 after a success).
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastAttemptAt: Date?
    /// Secret-free, cleaned text of the last failure; nil after a success.
    public var lastError: String?
    /// The first successful delivery (a firing row is re-sent after it while the incident is open).
    public var deliveredAt: Date?
    /// Nothing more to send: delivered (resolved, webhook), or superseded by the resolution.
    public var done: Bool

    public init(target: String, incidentID: String, state: NotifyState, createdAt: Date, attempts: Int = 0,
                nextAttemptAt: Date, lastAttemptAt: Date? = nil, lastError: String? = nil, deliveredAt: Date? = nil,
                done: Bool = false) {
        self.target = target
        self.incidentID = incidentID
        self.state = state
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.lastError = lastError
        self.deliveredAt = deliveredAt
        self.done = done
    }
}

/// A notify target's health, shown like a source's: up (the last delivery worked), failing (with the last error),
/// when it last succeeded.
public struct NotifyTargetStatus: Codable, Sendable, Equatable {
    public var name: String
    /// "alertmanager" or "webhook".
    public var kind: String
    /// ok: the last delivery succeeded; down: it failed; unknown: nothing sent yet.
    public var health: SourceHealth
    public var lastAttemptAt: Date?
    public var lastSuccessAt: Date?
    public var lastError: String?
    public var consecutiveFailures: Int

    public init(name: String, kind: String, health: SourceHealth = .unknown, lastAttemptAt: Date? = nil,
                lastSuccessAt: Date? = nil, lastError: String? = nil, consecutiveFailures: Int = 0) {
        self.name = name
        self.kind = kind
        self.health = health
        self.lastAttemptAt = lastAttemptAt
        self.lastSuccessAt = lastSuccessAt
        self.lastError = lastError
        self.consecutiveFailures = consecutiveFailures
    }
}
