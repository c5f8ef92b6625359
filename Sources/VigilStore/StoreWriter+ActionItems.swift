import Foundation
import VigilCore

// Postmortem action items: the row holds an item's state, the incident's timeline (append-only) its history. Each
// write below changes the row and appends the timeline entry together, inside the caller's transaction. Text and owner
// are stored as given: callers clean what people type (IncidentActions).
extension StoreWriter {
    /// Adds the incident's next item (number: the largest so far + 1) and its timeline entry; returns it.
    @discardableResult
    public func addActionItem(incidentID: String, text: String, owner: String?, due: Date?, at now: Date, by actor: String) throws -> ActionItem {
        let last = try Int.fetchOne(db, sql: "SELECT max(number) FROM action_items WHERE incident_id = ?", arguments: [incidentID]) ?? 0
        let item = ActionItem(incidentID: incidentID, number: last + 1, text: text, owner: owner, due: due, createdAt: now, createdBy: actor)
        try db.execute(sql: """
            INSERT INTO action_items (incident_id, number, text, owner, due, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [incidentID, item.number, text, owner, due?.unixSeconds, now.unixSeconds, actor])
        let details = [owner.map { "owner \($0)" }, due.map { "due \(ActionItem.dayText($0))" }].compactMap { $0 }
        try appendTimeline(TimelineEvent(incidentID: incidentID, at: now, kind: .actionItem, actor: actor,
                                         text: "#\(item.number) \(text)" + (details.isEmpty ? "" : " (\(details.joined(separator: ", ")))")))
        return item
    }

    /// Marks item `number` done, with its timeline entry; nil when the incident has no such item.
    @discardableResult
    public func markActionItemDone(incidentID: String, number: Int, at now: Date, by actor: String) throws -> ActionItem? {
        try setDone(incidentID: incidentID, number: number, done: true, at: now, by: actor)
    }

    /// Marks item `number` open again, with its timeline entry; nil when the incident has no such item.
    @discardableResult
    public func reopenActionItem(incidentID: String, number: Int, at now: Date, by actor: String) throws -> ActionItem? {
        try setDone(incidentID: incidentID, number: number, done: false, at: now, by: actor)
    }

    /// One item, read inside the write transaction (to check its state before changing it).
    public func actionItem(incidentID: String, number: Int) throws -> ActionItem? {
        try SQLRow.fetchOne(db, sql: "SELECT * FROM action_items WHERE incident_id = ? AND number = ?", arguments: [incidentID, number])
            .map(Decode.actionItem)
    }

    private func setDone(incidentID: String, number: Int, done: Bool, at now: Date, by actor: String) throws -> ActionItem? {
        try db.execute(sql: "UPDATE action_items SET done_at = ?, done_by = ? WHERE incident_id = ? AND number = ?",
                       arguments: [done ? now.unixSeconds : nil, done ? actor : nil, incidentID, number])
        guard db.changesCount > 0, let item = try actionItem(incidentID: incidentID, number: number) else { return nil }
        try appendTimeline(TimelineEvent(incidentID: incidentID, at: now, kind: .actionItem, actor: actor,
                                         text: "#\(number) \(done ? "done" : "reopened"): \(item.text)"))
        return item
    }
}
