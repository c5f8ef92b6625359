import Foundation
import VigilCore
import VigilStore

/// Postmortem action items: added, marked done and reopened on an incident in any state (follow-ups are agreed in
/// the review, after it is resolved). Each is one write transaction with its timeline entry.
extension IncidentActions {
    /// Adds the incident's next item; returns it (its number is the incident's count so far + 1).
    @discardableResult
    public func addActionItem(_ id: String, text: String, owner: String? = nil, due: Date? = nil) throws -> ActionItem {
        let clean = TypedText.line(text)
        guard !clean.isEmpty else { throw Failure.emptyText("the action item") }
        let who = owner.map(TypedText.line).flatMap { $0.isEmpty ? nil : $0 }
        let now = clock()
        var added: ActionItem?
        try store.write { w in
            guard try w.incident(id: id) != nil else { return }
            added = try w.addActionItem(incidentID: id, text: clean, owner: who, due: due, at: now, by: actor)
        }
        guard let added else { throw Failure.notFound(id) }
        return added
    }

    /// Marks item `number` done (`done` true) or open again.
    @discardableResult
    public func markActionItem(_ id: String, number: Int, done: Bool) throws -> ActionItem {
        let now = clock()
        var failure: Failure?
        var changed: ActionItem?
        try store.write { w in
            guard try w.incident(id: id) != nil else { failure = .notFound(id); return }
            guard let item = try w.actionItem(incidentID: id, number: number) else { failure = .noActionItem(id: id, number: number); return }
            guard item.isDone != done else { failure = .actionItemAlready(id: id, number: number, done: done); return }
            changed = done ? try w.markActionItemDone(incidentID: id, number: number, at: now, by: actor)
                : try w.reopenActionItem(incidentID: id, number: number, at: now, by: actor)
        }
        if let failure { throw failure }
        guard let changed else { throw Failure.noActionItem(id: id, number: number) }
        return changed
    }
}
