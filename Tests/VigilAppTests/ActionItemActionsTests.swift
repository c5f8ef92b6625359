import Foundation
import Testing
import VigilTestSupport
import VigilApp
import VigilCore
import VigilStore

/// Postmortem action items as people work them (`vigil incident action`, the console's `f`): typed text is cleaned,
/// a refused change changes nothing and says why, and the postmortem lists them.
@Suite struct ActionItemActionsTests {
    final class Clock: @unchecked Sendable {
        var now = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 08:00 UTC
        func advance(_ days: Double) { now = now.addingTimeInterval(days * 86_400) }
    }

    @Test func addDoneReopenWithClearRefusals() throws {
        let store = try TestStore.fresh()
        let clock = Clock()
        let ana = IncidentActions(store: store, actor: "ana") { clock.now }
        let bob = IncidentActions(store: store, actor: "bob") { clock.now }
        let id = try ana.open(title: "CRM sync failing", severity: .sev3)
        try ana.resolve(id, as: .upstream)
        // Items are agreed after the incident is resolved: any state takes them.
        let first = try ana.addActionItem(id, text: "Retry \u{1B}[31mwith backoff\u{1B}[0m\non 5xx", owner: " bob\u{07} ",
                                          due: ActionItem.dueDay(parsing: "2027-01-20"))
        #expect(first.number == 1 && first.text == "Retry with backoff on 5xx" && first.owner == "bob")
        #expect(try ana.addActionItem(id, text: "Page on CRM 5xx", owner: "  ").number == 2)
        #expect(try store.actionItems(incidentID: id)[1].owner == nil, "a blank owner is none")

        #expect(throws: IncidentActions.Failure.emptyText("the action item")) { try ana.addActionItem(id, text: " \u{1B}[2J ") }
        #expect(throws: IncidentActions.Failure.notFound("INC-9")) { try ana.addActionItem("INC-9", text: "x") }
        #expect(throws: IncidentActions.Failure.notFound("INC-9")) { try ana.markActionItem("INC-9", number: 1, done: true) }
        #expect(throws: IncidentActions.Failure.noActionItem(id: id, number: 3)) { try ana.markActionItem(id, number: 3, done: true) }
        #expect(throws: IncidentActions.Failure.actionItemAlready(id: id, number: 1, done: false)) {
            try ana.markActionItem(id, number: 1, done: false)
        }
        clock.advance(2)
        let done = try bob.markActionItem(id, number: 1, done: true)
        #expect(done.doneBy == "bob" && done.doneAt == clock.now)
        #expect(throws: IncidentActions.Failure.actionItemAlready(id: id, number: 1, done: true)) { try ana.markActionItem(id, number: 1, done: true) }
        #expect(IncidentActions.Failure.noActionItem(id: id, number: 3).description == "INC-1 has no action item 3")
        #expect(IncidentActions.Failure.actionItemAlready(id: id, number: 1, done: true).description == "INC-1 action item 1 is done already")

        let s = try #require(try store.incident(id: id))
        #expect(s.timeline.filter { $0.kind == .actionItem }.map(\.text)
                == ["#1 Retry with backoff on 5xx (owner bob, due 2027-01-20)", "#2 Page on CRM 5xx", "#1 done: Retry with backoff on 5xx"])
        #expect(s.timeline.filter { $0.kind == .actionItem }.map(\.actor) == ["ana", "ana", "bob"])
        clock.advance(1)
        try ana.markActionItem(id, number: 1, done: false)
        #expect(try store.actionItems(incidentID: id).map(\.isDone) == [false, false])
    }

    @Test func thePostmortemListsItemsOpenFirstWithOwnerDueAndState() throws {
        let store = try TestStore.fresh()
        let clock = Clock()
        let ana = IncidentActions(store: store, actor: "ana") { clock.now }
        let id = try ana.open(title: "raw.orders stale", severity: .sev2)
        var md = try Postmortem.markdown(try #require(try store.incident(id: id)), store: store, now: clock.now)
        // None yet: how to record them, and the questions the review answers.
        #expect(md.contains("None recorded yet (`vigil incident action add INC-1 --text"))
        #expect(md.contains("- [ ] What would have prevented it?"))

        try ana.addActionItem(id, text: "Import-test DAGs | in CI", owner: "carol", due: ActionItem.dueDay(parsing: "2027-01-16"))
        try ana.addActionItem(id, text: "Document the backfill calendar")
        try ana.markActionItem(id, number: 1, done: true)
        try ana.addActionItem(id, text: "Alert on volume drops", owner: "dave", due: ActionItem.dueDay(parsing: "2027-01-14"))
        md = try Postmortem.markdown(try #require(try store.incident(id: id)), store: store, now: clock.now)
        let section = try #require(md.components(separatedBy: "## Action items\n\n").last)
        // Open ones first (by number), then done ones; pipes escaped; overdue against `now` (2027-01-15).
        #expect(section == """
            - [ ] 2. Document the backfill calendar
            - [ ] 3. Alert on volume drops — owner dave · due 2027-01-14 · overdue
            - [x] 1. Import-test DAGs \\| in CI — owner carol · due 2027-01-16 · done 2027-01-15 by ana

            """)
        #expect(!md.contains("What would have prevented it?"))
    }
}
