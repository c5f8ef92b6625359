import Foundation
import Testing
import VigilCore
import VigilStore
import VigilTestSupport
@testable import VigilApp

/// Two leads acting on one incident at the same moment, from two machines: every acknowledgement, severity change and
/// note lands, in each lead's order, none lost, and both read the same timeline. Incidents opened at once get ids of
/// their own. On both engines (VIGIL_TEST_STORE_DSN).
@Suite struct ConcurrentIncidentActionsTests {
    @Test func twoLeadsAtOnceLoseNothing() throws {
        try TestStore.two { first, second in
            let ana = IncidentActions(store: first, actor: "ana"), bob = IncidentActions(store: second, actor: "bob")
            let id = try ana.open(title: "orders late", severity: .sev3)
            let group = DispatchGroup()
            let failures = Failures()
            for (lead, who) in [(ana, "ana"), (bob, "bob")] {
                group.enter()
                Thread {
                    defer { group.leave() }
                    do {
                        for k in 0..<15 {
                            try lead.note(id, "\(who) \(k)")
                            if k == 7, who == "ana" { try lead.acknowledge(id) }
                            if k == 7, who == "bob" { try lead.setSeverity(id, .sev2) }
                        }
                    } catch {
                        failures.add("\(who): \(error)")
                    }
                }.start()
            }
            #expect(group.wait(timeout: .now() + 60) == .success)
            #expect(failures.all.isEmpty, "\(failures.all)")

            let seenByAna = try #require(try first.incident(id: id)), seenByBob = try #require(try second.incident(id: id))
            #expect(seenByAna.timeline == seenByBob.timeline, "one timeline for everyone")
            let notes = seenByAna.timeline.filter { $0.kind == .note }.map(\.text)
            #expect(notes.count == 30)
            #expect(notes.filter { $0.hasPrefix("ana ") } == (0..<15).map { "ana \($0)" }, "ana's notes in her order")
            #expect(notes.filter { $0.hasPrefix("bob ") } == (0..<15).map { "bob \($0)" }, "bob's notes in his order")
            // No lost update: ana's acknowledgement and bob's severity change are both on the incident.
            #expect(seenByAna.incident.state == .acknowledged && seenByAna.incident.lead == "ana")
            #expect(seenByAna.incident.severity == .sev2)
            let times = seenByAna.timeline.map(\.at)
            #expect(times == times.sorted(), "the timeline reads in time order")
        }
    }

    @Test func incidentsOpenedAtOnceGetIdsOfTheirOwn() throws {
        try TestStore.two { first, second in
            let group = DispatchGroup()
            let ids = Failures()
            for (store, who) in [(first, "ana"), (second, "bob")] {
                group.enter()
                Thread {
                    defer { group.leave() }
                    let actions = IncidentActions(store: store, actor: who)
                    for k in 0..<8 {
                        do { ids.add(try actions.open(title: "\(who) \(k)", severity: .sev4)) } catch { ids.add("error: \(error)") }
                    }
                }.start()
            }
            #expect(group.wait(timeout: .now() + 60) == .success)
            #expect(ids.all.count == 16 && Set(ids.all).count == 16, "\(ids.all.sorted())")
            #expect(!ids.all.contains { $0.hasPrefix("error") })
        }
    }
}

/// Strings collected from several threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ text: String) { lock.withLock { items.append(text) } }
    var all: [String] { lock.withLock { items } }
}
