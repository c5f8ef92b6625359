import Foundation
import Testing
@testable import VigilCore

/// An action item's due day, when it is overdue or done, and how its state reads.
@Suite struct ActionItemTests {
    /// 2026-11-20 00:00 UTC.
    static let due = Date(timeIntervalSince1970: 1_795_132_800)

    func item(done: Date? = nil, owner: String? = "bob") -> ActionItem {
        ActionItem(incidentID: "INC-3", number: 2, text: "Add a retry", owner: owner, due: Self.due,
                   createdAt: Self.due.addingTimeInterval(-7 * 86_400), createdBy: "ana", doneAt: done, doneBy: done.map { _ in "carol" })
    }

    @Test func dueDaysAreExactlyRealUTCDays() {
        #expect(ActionItem.dueDay(parsing: "2026-11-20") == Self.due)
        #expect(ActionItem.dueDay(parsing: "2028-02-29") != nil)
        for bad in ["2026-02-30", "2027-02-29", "2026-13-01", "2026-11-2", "26-11-20", "2026-11-20T00:00:00Z", " 2026-11-20",
                    "2026/11/20", "２０２６-１１-２０", "", "tomorrow"] {
            #expect(ActionItem.dueDay(parsing: bad) == nil, "\(bad)")
        }
        #expect(ActionItem.dayText(Self.due) == "2026-11-20")
        #expect(ActionItem.dayText(Self.due.addingTimeInterval(86_399)) == "2026-11-20")
    }

    @Test func overdueOnceTheWholeDueDayHasPassed() {
        let open = item()
        #expect(!open.isOverdue(at: Self.due))
        #expect(!open.isOverdue(at: Self.due.addingTimeInterval(86_399)))
        #expect(open.isOverdue(at: Self.due.addingTimeInterval(86_400)))
        #expect(open.state(at: Self.due) == "open" && open.state(at: Self.due.addingTimeInterval(86_400)) == "overdue")
        // Done: never overdue after it was done; before then it was still open (and overdue once late).
        let done = item(done: Self.due.addingTimeInterval(3 * 86_400))
        #expect(!done.isOverdue(at: Self.due.addingTimeInterval(4 * 86_400)))
        #expect(done.isOverdue(at: Self.due.addingTimeInterval(2 * 86_400)))
        #expect(done.isDone(at: Self.due.addingTimeInterval(3 * 86_400)) && !done.isDone(at: Self.due.addingTimeInterval(3 * 86_400 - 1)))
        #expect(done.state(at: Self.due.addingTimeInterval(4 * 86_400)) == "done")
        // No due day: never overdue.
        var undated = open
        undated.due = nil
        #expect(!undated.isOverdue(at: .distantFuture))
    }

    @Test func detailsSayWhoByWhenAndWhereItStands() {
        let late = Self.due.addingTimeInterval(2 * 86_400)
        #expect(item().details(at: Self.due) == "owner bob · due 2026-11-20")
        #expect(item().details(at: late) == "owner bob · due 2026-11-20 · overdue")
        #expect(item(done: Self.due).details(at: late) == "owner bob · due 2026-11-20 · done 2026-11-20 by carol")
        var bare = item(owner: nil)
        bare.due = nil
        #expect(bare.details(at: late) == "")
        #expect(item().id == "INC-3#2")
    }

    @Test func openItemsFirstThenDoneOnesInTheirOrder() {
        let items = [1, 2, 3, 4].map { n in
            ActionItem(incidentID: "INC-1", number: n, text: "\(n)", createdAt: Self.due, createdBy: "ana",
                       doneAt: n % 2 == 1 ? Self.due : nil)
        }
        #expect(ActionItem.openFirst(items).map(\.number) == [2, 4, 1, 3])
    }
}
