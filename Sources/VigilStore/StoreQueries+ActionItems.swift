import Foundation
import VigilCore

extension StoreQueries {
    /// An item open at the time bound to ?1: made before it, not done by then (`ActionItem.isDone(at:)`).
    static let openAt = "created_at < ?1 AND (done_at IS NULL OR done_at > ?1)"

    /// The items open now (`date` nil), or open at `date` (`openAt`). Soonest due first (so overdue ones lead), those
    /// with no due day last, then by incident and number.
    static func openActionItems(_ db: any SQLDatabase, at date: Date? = nil) throws -> [ActionItem] {
        let (condition, arguments): (String, SQLArguments) = if let date {
            (openAt, [date.unixSeconds])
        } else {
            ("done_at IS NULL", [])
        }
        return try SQLRow.fetchAll(db, sql: "SELECT * FROM action_items WHERE \(condition) ORDER BY due IS NULL, due, incident_id, number",
                                arguments: arguments).map(Decode.actionItem)
    }
}

extension Store {
    /// One incident's action items, by number (empty for an incident with none, or no such incident).
    public func actionItems(incidentID: String) throws -> [ActionItem] {
        try database.read { db in try StoreQueries.incidentRows(db, StoreQueries.actionItemRows, of: incidentID) }
    }

    /// Every incident's items still open, soonest due first (overdue ones lead: `ActionItem.isOverdue(at:)`), those
    /// with no due day last.
    public func openActionItems() throws -> [ActionItem] {
        try database.read { db in try StoreQueries.openActionItems(db) }
    }
}

extension Decode {
    static func actionItem(_ row: SQLRow) throws -> ActionItem {
        ActionItem(incidentID: try row.decode(forColumn: "incident_id"), number: try row.decode(forColumn: "number"),
                   text: try row.decode(forColumn: "text"), owner: try row.decode(forColumn: "owner"), due: try row.date("due"),
                   createdAt: try row.requiredDate("created_at", table: "action_items"),
                   createdBy: try row.decode(forColumn: "created_by"), doneAt: try row.date("done_at"),
                   doneBy: try row.decode(forColumn: "done_by"))
    }
}
