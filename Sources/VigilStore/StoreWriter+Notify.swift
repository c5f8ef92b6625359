import Foundation
import VigilCore

extension StoreWriter {
    /// Adds the delivery of `state` for an incident to `target`, due at once; a row already there stays as it is (one
    /// row per target, incident and state). A resolution retires the target's firing row: nothing more to re-send.
    public func enqueueNotification(target: String, incidentID: String, state: NotifyState, at: Date) throws {
        try db.cachedStatement(sql: """
            INSERT INTO notify_outbox (target, incident_id, state, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """).execute(arguments: [target, incidentID, state.rawValue, at.unixSeconds, at.unixSeconds])
        if state == .resolved {
            try db.execute(sql: "UPDATE notify_outbox SET done = 1 WHERE target = ? AND incident_id = ? AND state = 'firing'",
                           arguments: [target, incidentID])
        }
    }

    /// A delivery that worked: failures cleared, the first success kept, then either done or due again at `next`
    /// (a firing alert's re-send). Returns the row as it was before, nil when it is gone or retired meanwhile.
    @discardableResult
    public func recordNotificationDelivered(target: String, incidentID: String, state: NotifyState, at: Date,
                                            next: Date?) throws -> NotifyDelivery? {
        let before = try notification(target: target, incidentID: incidentID, state: state)
        try db.execute(sql: """
            UPDATE notify_outbox SET attempts = 0, last_error = NULL, last_attempt_at = ?1,
              delivered_at = coalesce(delivered_at, ?1), next_attempt_at = coalesce(?2, next_attempt_at),
              done = CASE WHEN ?2 IS NULL THEN 1 ELSE done END
            WHERE target = ?3 AND incident_id = ?4 AND state = ?5
            """, arguments: [at.unixSeconds, next?.unixSeconds, target, incidentID, state.rawValue])
        return before
    }

    /// A delivery that failed: one more attempt, the error (secret-free, cleaned), the next try at `retryAt`.
    @discardableResult
    public func recordNotificationFailed(target: String, incidentID: String, state: NotifyState, at: Date, error: String,
                                         retryAt: Date) throws -> NotifyDelivery? {
        let before = try notification(target: target, incidentID: incidentID, state: state)
        try db.execute(sql: """
            UPDATE notify_outbox SET attempts = attempts + 1, last_error = ?, last_attempt_at = ?, next_attempt_at = ?
            WHERE target = ? AND incident_id = ? AND state = ?
            """, arguments: [error, at.unixSeconds, retryAt.unixSeconds, target, incidentID, state.rawValue])
        return before
    }

    public func notification(target: String, incidentID: String, state: NotifyState) throws -> NotifyDelivery? {
        try SQLRow.fetchOne(db, sql: "SELECT * FROM notify_outbox WHERE target = ? AND incident_id = ? AND state = ?",
                         arguments: [target, incidentID, state.rawValue]).map(Decode.notifyDelivery)
    }

    /// Key: name. Failures in a row are counted here, like a source's.
    public func upsertNotifyTarget(_ t: NotifyTargetStatus) throws {
        try db.cachedStatement(sql: """
            INSERT INTO notify_targets (name, kind, health, last_attempt_at, last_success_at, last_error, consecutive_failures)
            VALUES (?, ?, ?, ?, ?, ?, CASE WHEN ? = 'down' THEN 1 ELSE 0 END)
            ON CONFLICT(name) DO UPDATE SET
              kind = excluded.kind, health = excluded.health,
              last_attempt_at = coalesce(excluded.last_attempt_at, notify_targets.last_attempt_at),
              last_success_at = coalesce(excluded.last_success_at, notify_targets.last_success_at),
              last_error = excluded.last_error,
              consecutive_failures = CASE WHEN excluded.health = 'down' THEN notify_targets.consecutive_failures + 1 ELSE 0 END
            """).execute(arguments: [t.name, t.kind, t.health.rawValue, t.lastAttemptAt?.unixSeconds, t.lastSuccessAt?.unixSeconds,
                                     t.lastError, t.health.rawValue])
    }

    /// Targets no longer configured leave the health list.
    public func keepNotifyTargets(_ names: [String]) throws {
        let kept = Set(names)
        for name in try String.fetchAll(db, sql: "SELECT name FROM notify_targets") where !kept.contains(name) {
            try db.execute(sql: "DELETE FROM notify_targets WHERE name = ?", arguments: [name])
        }
    }
}

extension Store {
    /// Outbox rows not done and due at `now`, oldest first.
    public func dueNotifications(now: Date) throws -> [NotifyDelivery] {
        try database.read { db in
            try SQLRow.fetchAll(db, sql: """
                SELECT * FROM notify_outbox WHERE done = 0 AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at
                """, arguments: [now.unixSeconds]).map(Decode.notifyDelivery)
        }
    }

    /// Every outbox row (of one incident when given), oldest first.
    public func notifications(incidentID: String? = nil) throws -> [NotifyDelivery] {
        try database.read { db in
            try SQLRow.fetchAll(db, sql: """
                SELECT * FROM notify_outbox WHERE CAST(?1 AS TEXT) IS NULL OR incident_id = ?1 ORDER BY created_at, target, state
                """, arguments: [incidentID]).map(Decode.notifyDelivery)
        }
    }

    /// Each target's health, by name (as the snapshot's `notifyTargets`).
    public func notifyTargets() throws -> [NotifyTargetStatus] {
        try database.read { db in
            try SQLRow.fetchAll(db, sql: "SELECT * FROM notify_targets ORDER BY name").map(Decode.notifyTarget)
        }
    }
}

extension Decode {
    static func notifyDelivery(_ row: SQLRow) throws -> NotifyDelivery {
        NotifyDelivery(
            target: try row.decode(forColumn: "target"),
            incidentID: try row.decode(forColumn: "incident_id"),
            state: try row.enumValue("state", table: "notify_outbox"),
            createdAt: try row.requiredDate("created_at", table: "notify_outbox"),
            attempts: try row.decode(forColumn: "attempts"),
            nextAttemptAt: try row.requiredDate("next_attempt_at", table: "notify_outbox"),
            lastAttemptAt: try row.date("last_attempt_at"),
            lastError: try row.decode(forColumn: "last_error"),
            deliveredAt: try row.date("delivered_at"),
            done: try row.decode(forColumn: "done"))
    }

    static func notifyTarget(_ row: SQLRow) throws -> NotifyTargetStatus {
        NotifyTargetStatus(
            name: try row.decode(forColumn: "name"),
            kind: try row.decode(forColumn: "kind"),
            health: try row.enumValue("health", table: "notify_targets"),
            lastAttemptAt: try row.date("last_attempt_at"),
            lastSuccessAt: try row.date("last_success_at"),
            lastError: try row.decode(forColumn: "last_error"),
            consecutiveFailures: try row.decode(forColumn: "consecutive_failures"))
    }
}
