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
}
