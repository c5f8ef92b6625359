import Foundation

/// A follow-up agreed in a blameless postmortem: what to change so the incident does not happen again (or is caught
/// sooner), who owns it and by when. Numbered 1, 2, 3… within its incident in the order added; a number is never
/// reused. Marking it done, or open again, keeps the item and adds to the incident's timeline.
public struct ActionItem: Codable, Sendable, Equatable, Identifiable {
    public var incidentID: String
    /// 1, 2, 3… within the incident.
    public var number: Int
    /// Untrusted (typed by a person): cleaned before it is stored and again before it is drawn.
    public var text: String
    /// Who will do it; untrusted like the text.
    public var owner: String?
    /// The day it is due, as that day's 00:00 UTC: it is overdue once the whole day has passed.
    public var due: Date?
    public var createdAt: Date
    public var createdBy: String
    /// When and by whom it was marked done; nil while open (and again once reopened).
    public var doneAt: Date?
    public var doneBy: String?

    public init(incidentID: String, number: Int, text: String, owner: String? = nil, due: Date? = nil, createdAt: Date,
                createdBy: String, doneAt: Date? = nil, doneBy: String? = nil) {
        self.incidentID = incidentID
        self.number = number
        self.text = text
        self.owner = owner
        self.due = due
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.doneAt = doneAt
        self.doneBy = doneBy
    }

    /// "INC-3#2".
    public var id: String { "\(incidentID)#\(number)" }

    public var isDone: Bool { doneAt != nil }

    /// Done by `date` (an item done later was still open then).
    public func isDone(at date: Date) -> Bool { doneAt.map { $0 <= date } ?? false }

    /// Not done by `date`, and its due day ended by then.
    public func isOverdue(at date: Date) -> Bool {
        guard let due, !isDone(at: date) else { return false }
        return date >= due.addingTimeInterval(86_400)
    }

    /// "open", "overdue" or "done" at `date`.
    public func state(at date: Date) -> String {
        isDone(at: date) ? "done" : isOverdue(at: date) ? "overdue" : "open"
    }

    /// Who, by when, and where it stands at `date`: "owner bob · due 2026-11-20 · overdue", "owner carol · done
    /// 2026-11-22 by carol"; "" for an open item with neither owner nor due day. Holds the owner as typed: untrusted.
    public func details(at date: Date) -> String {
        Self.details(owner: owner, due: due, done: doneAt.flatMap { isDone(at: date) ? ($0, doneBy) : nil },
                     overdue: isOverdue(at: date))
    }

    /// The words of `details(at:)` from their parts, for a reader holding no item (the scorecard's lines).
    public static func details(owner: String?, due: Date?, done: (at: Date, by: String?)?, overdue: Bool) -> String {
        var parts: [String] = []
        if let owner { parts.append("owner " + owner) }
        if let due { parts.append("due " + dayText(due)) }
        if let done {
            parts.append("done \(dayText(done.at)) by \(done.by ?? "?")")
        } else if overdue {
            parts.append("overdue")
        }
        return parts.joined(separator: " · ")
    }

    /// Open items first, then done ones, each in the order given (by number, as stored): how an incident lists them.
    public static func openFirst(_ items: [ActionItem]) -> [ActionItem] {
        items.filter { !$0.isDone } + items.filter(\.isDone)
    }

    /// The UTC calendar that due days are counted in.
    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// "2026-11-20" → 2026-11-20 00:00 UTC; nil unless the text is exactly YYYY-MM-DD naming a real day.
    public static func dueDay(parsing text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              let date = utc.date(from: DateComponents(year: y, month: m, day: d)) else { return nil }
        // 2026-02-30 would roll over to March: only a day that exists is a due day.
        let back = utc.dateComponents([.year, .month, .day], from: date)
        return back.year == y && back.month == m && back.day == d ? date : nil
    }

    /// "2026-11-20": the UTC day of `date`.
    public static func dayText(_ date: Date) -> String {
        let c = utc.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}
