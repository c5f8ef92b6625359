import Foundation
import Testing
@testable import VigilCore
@testable import VigilUI

final class IncidentKeyRecorder: ConsoleActionSink {
    var done: [(ConsoleIncidentAction, String)] = []
    var refuse: String?
    struct Refusal: Error, CustomStringConvertible { let description: String }
    func perform(_ action: ConsoleIncidentAction, incidentID: String) throws -> String {
        if let refuse { throw Refusal(description: refuse) }
        done.append((action, incidentID))
        return incidentID.isEmpty ? "INC-8" : incidentID
    }
}

/// The console's incident keys: what each asks, what it sends to the store, and what the footer says.
@Suite struct IncidentKeysTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func console(sink: IncidentKeyRecorder?) -> ConsoleDriver {
        let incident = IncidentSummary(incident: Incident(id: "INC-7", title: "raw.customers stale", severity: .sev2, openedAt: now),
                                       timeline: [], stepProgress: [])
        return ConsoleDriver(TestDataSource(PlatformSnapshot(now: now, incidents: [incident])), pane: .incidents, sink: sink)
    }

    func footer(_ c: ConsoleDriver) -> String {
        String(c.text.split(separator: "\n").last ?? "")
    }

    func type(_ c: inout ConsoleDriver, _ text: String) { c.type(text) }

    @Test func acknowledgeThenANoteInAnyScript() {
        let sink = IncidentKeyRecorder()
        var c = console(sink: sink)
        c.send(.input(.key(.char("a"))))
        #expect(footer(c).contains("✓ INC-7 acknowledged"))
        c.send(.input(.key(.char("n"))))
        #expect(footer(c).contains("note for INC-7:"))
        type(&c, "Relancé ✓ 日本語 \u{1B}[2J")
        #expect(footer(c).contains("Relancé ✓ 日本語 [2J▏"))
        c.send(.input(.key(.backspace)))
        c.send(.input(.key(.backspace)))
        c.send(.input(.key(.backspace)))
        c.send(.input(.key(.enter)))
        #expect(sink.done.map(\.0) == [.acknowledge, .note("Relancé ✓ 日本語")])
        #expect(sink.done.allSatisfy { $0.1 == "INC-7" })
        #expect(footer(c).contains("✓ note added to INC-7"))
        // The next key clears the message.
        c.send(.input(.key(.down)))
        #expect(!footer(c).contains("note added"))
    }

    @Test func severityAsksForADigitAndResolveAsksHowItEnded() {
        let sink = IncidentKeyRecorder()
        var c = console(sink: sink)
        c.send(.input(.key(.char("v"))))
        #expect(footer(c).contains("severity of INC-7 (1-4)"))
        c.send(.input(.key(.char("9"))))
        #expect(sink.done.isEmpty)
        c.send(.input(.key(.char("1"))))
        c.send(.input(.key(.char("r"))))
        #expect(footer(c).contains("resolve INC-7 as:"))
        #expect(footer(c).contains("f fixed  u upstream  n noise  d duplicate  esc cancel"))
        // A key that is not one of the answers does nothing; esc cancels and the incident stays open.
        c.send(.input(.key(.char("y"))))
        #expect(footer(c).contains("resolve INC-7 as:"))
        c.send(.input(.key(.escape)))
        #expect(footer(c).contains("cancelled"))
        c.send(.input(.key(.char("r"))))
        c.send(.input(.key(.char("u"))))
        #expect(footer(c).contains("INC-7 resolved as upstream"))
        c.send(.input(.key(.char("r"))))
        c.send(.input(.key(.char("n"))))
        c.send(.input(.key(.char("m"))))
        c.send(.input(.key(.escape)))
        c.send(.input(.key(.char("t"))))
        #expect(sink.done.map(\.0) == [.severity(.sev1), .resolve(.upstream), .resolve(.noise), .takeLead])
        // Typing in a prompt never switches panes or quits.
        c.send(.input(.key(.char("n"))))
        type(&c, "1q")
        #expect(c.state.pane == .incidents && !c.state.shouldQuit)
    }

    @Test func fAsksForAnActionItemAndSavesItsText() {
        let sink = IncidentKeyRecorder()
        var c = console(sink: sink)
        #expect(footer(c).contains("f follow-up"))
        c.send(.input(.key(.char("f"))))
        #expect(footer(c).contains("action item for INC-7:"))
        #expect(footer(c).contains("⏎ save  esc cancel"))
        // Keys that act elsewhere are text here; control sequences never reach the store.
        type(&c, "Retry on 5xx, page bob \u{1B}]52;c;AAAA\u{07}")
        #expect(sink.done.isEmpty && c.state.pane == .incidents)
        c.send(.input(.key(.enter)))
        #expect(sink.done.count == 1)
        if case .actionItem(let text)? = sink.done.first?.0 {
            #expect(text.hasPrefix("Retry on 5xx, page bob") && !text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        } else {
            Issue.record("expected an action item, got \(sink.done)")
        }
        #expect(sink.done.first?.1 == "INC-7")
        #expect(footer(c).contains("✓ action item added to INC-7"))
        // Esc cancels and an empty line saves nothing.
        c.send(.input(.key(.char("f"))))
        type(&c, "half")
        c.send(.input(.key(.escape)))
        #expect(footer(c).contains("cancelled"))
        c.send(.input(.key(.char("f"))))
        c.send(.input(.key(.enter)))
        #expect(footer(c).contains("empty text: nothing saved"))
        #expect(sink.done.count == 1)
        // A read-only console leaves it out of the footer and says why when pressed.
        var readOnly = console(sink: nil)
        #expect(!footer(readOnly).contains("follow-up"))
        readOnly.send(.input(.key(.char("f"))))
        #expect(footer(readOnly).contains("✗ read-only console"))
    }

    @Test func aReadOnlyConsoleSaysSoAndARefusalIsShown() {
        var readOnly = console(sink: nil)
        readOnly.send(.input(.key(.char("a"))))
        #expect(footer(readOnly).contains("✗ read-only console"))
        let sink = IncidentKeyRecorder()
        sink.refuse = "INC-7 is resolved: cannot acknowledge"
        var c = console(sink: sink)
        c.send(.input(.key(.char("a"))))
        #expect(footer(c).contains("✗ INC-7 is resolved: cannot acknowledge"))
    }

    @Test func incidentKeysDoNothingOnOtherPanes() {
        let sink = IncidentKeyRecorder()
        var c = console(sink: sink)
        c.send(.input(.key(.char("1"))))
        c.send(.input(.key(.char("a"))))
        #expect(sink.done.isEmpty)
    }
}

/// Standup rotation: pages turn on the clock unless paused; keys step; Esc goes back to the console.
@Suite struct StandupRotationTests {
    @Test func pagesTurnOnTheClockUnlessPaused() {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        var c = ConsoleDriver(TestDataSource(PlatformSnapshot(now: t0)))
        _ = c.state.enterStandup(interval: 10)
        #expect(c.state.standup?.page == .lastDay)
        c.send(.tick(t0.addingTimeInterval(9)))
        #expect(c.state.standup?.page == .lastDay)
        c.send(.tick(t0.addingTimeInterval(10)))
        #expect(c.state.standup?.page == .slos)
        c.send(.input(.key(.char(" "))))
        c.send(.tick(t0.addingTimeInterval(100)))
        #expect(c.state.standup?.page == .slos)
        c.send(.input(.key(.left)))
        c.send(.input(.key(.left)))
        #expect(c.state.standup?.page == .changes)
        c.send(.input(.key(.escape)))
        #expect(c.state.standup == nil && !c.state.shouldQuit)
        _ = c.state.enterStandup(only: true)
        c.send(.input(.key(.escape)))
        #expect(c.state.shouldQuit)
    }
}
