import Foundation
import Testing
@testable import VigilCollectors
import VigilCore

/// The demo's month before its story: deterministic, believable, and clear of the story's own days.
@Suite struct DemoHistoryTests {
    let start = Date(timeIntervalSince1970: 1_768_467_600)

    @Test func aBelievableMonthClearOfTheStory() {
        let history = DemoHistory(seed: 42, start: start)
        let again = DemoHistory(seed: 42, start: start)
        #expect(history.changes == again.changes)
        #expect(history.incidents.map(\.incident) == again.incidents.map(\.incident))
        #expect(DemoHistory(seed: 7, start: start).changes != history.changes, "another seed, another month")

        // Changes on days 3…30 before the start, both kinds.
        let day: TimeInterval = 86_400
        #expect(history.changes.allSatisfy { $0.at < start.addingTimeInterval(-2 * day) && $0.at >= start.addingTimeInterval(-30 * day) })
        #expect(Set(history.changes.map(\.kind)) == [.dagVersion, .dbtManifest])
        #expect(Set(history.changes.map(\.id)).count == history.changes.count)

        // Incidents all resolved more than a week before the start; some name a change made before them.
        let incidents = history.incidents.map(\.incident)
        #expect(incidents.allSatisfy { $0.state == .resolved && $0.resolvedAt! < start.addingTimeInterval(-7 * day) })
        let changes = Dictionary(uniqueKeysWithValues: history.changes.map { ($0.id, $0) })
        let caused = incidents.filter { $0.causeChangeID != nil }
        #expect(caused.count >= 5)
        #expect(caused.allSatisfy { i in changes[i.causeChangeID!].map { $0.at < i.openedAt } ?? false })
        #expect(caused.count < history.changes.count / 2, "most changes break nothing")
        // Resolutions: mostly fixed, some upstream and noise, one duplicate, one unclassified; one opened by hand.
        let resolutions = incidents.map(\.resolution)
        #expect(resolutions.filter { $0 == .fixed }.count > incidents.count / 2)
        #expect(resolutions.contains(.upstream) && resolutions.contains(.noise))
        #expect(resolutions.filter { $0 == .duplicate }.count == 1)
        #expect(resolutions.filter { $0 == nil }.count == 1)
        #expect(incidents.filter { $0.causeKey == nil }.count == 1)
        #expect(incidents.allSatisfy { $0.id.hasPrefix("INC-H") })
        // Every timeline opens at the incident's opening and ends at its resolution.
        for (i, timeline) in history.incidents {
            #expect(timeline.first?.at == i.openedAt && timeline.last?.at == i.resolvedAt && timeline.last?.kind == .resolved)
        }
    }

    /// Five postmortem action items on four resolved incidents: at the start three open (one overdue), two done.
    @Test func postmortemsLeftActionItems() throws {
        let history = DemoHistory(seed: 42, start: start)
        #expect(DemoHistory(seed: 42, start: start).actionItems == history.actionItems)
        let items = history.actionItems
        #expect(items.count == 5)
        #expect(items.filter { !$0.isDone(at: start) }.count == 3)
        #expect(items.filter { $0.isDone(at: start) }.count == 2)
        #expect(items.filter { $0.isOverdue(at: start) }.count == 1)
        #expect(items.filter { $0.due == nil }.count == 1)
        let incidents = Dictionary(uniqueKeysWithValues: history.incidents.map { ($0.incident.id, $0.incident) })
        #expect(Set(items.map(\.incidentID)).count == 4)
        for item in items {
            let incident = try #require(incidents[item.incidentID])
            // Agreed after the incident was resolved, by its lead; owned by one of the team; due on a UTC day.
            #expect(item.createdAt > incident.resolvedAt! && item.createdBy == incident.lead)
            #expect(DemoHistory.people.contains(item.owner ?? ""))
            #expect(item.due.map { ActionItem.dueDay(parsing: ActionItem.dayText($0)) == $0 } ?? true)
            #expect(item.doneAt.map { $0 > item.createdAt && $0 < start } ?? true)
        }
        // Numbered within each incident in order.
        for (_, group) in Dictionary(grouping: items, by: \.incidentID) {
            #expect(group.map(\.number) == Array(1...group.count))
        }
    }
}
