import Foundation
import Testing
@testable import VigilCore
@testable import VigilUI

final class IncidentKeyRecorder: ConsoleActionSink {
    var done: [(ConsoleIncidentAction, String)] = []
    var refuse: String?
    struct Refusal: Error, CustomStringConvertible { let description: String }
    func perform(_ action: ConsoleIncidentAction, incidentID: String) throws {
        if let refuse { throw Refusal(description: refuse) }
        done.append((action, incidentID))
    }
}

/// The console's incident keys: what each asks, what it sends to the store, and what the footer says.
@Suite struct IncidentKeysTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func console(sink: IncidentKeyRecorder?) -> ConsoleController {
        let incident = IncidentSummary(incident: Incident(id: "INC-7", title: "raw.customers stale", severity: .sev2, openedAt: now),
                                       timeline: [], stepProgress: [])
        let c = ConsoleController(dataSource: TestDataSource(PlatformSnapshot(now: now, incidents: [incident])), initialPane: .incidents)
        c.actionSink = sink
        _ = c.render(width: 120, height: 30)
        return c
    }

    func footer(_ c: ConsoleController) -> String {
        String(TextSnapshot.render(c.render(width: 120, height: 30)).split(separator: "\n").last ?? "")
    }

    func type(_ c: ConsoleController, _ text: String) { for ch in text { c.handle(.key(.char(ch))) } }

    @Test func acknowledgeThenANoteInAnyScript() {
        let sink = IncidentKeyRecorder()
        let c = console(sink: sink)
        c.handle(.key(.char("a")))
        #expect(footer(c).contains("✓ INC-7 acknowledged"))
        c.handle(.key(.char("n")))
        #expect(footer(c).contains("note for INC-7:"))
        type(c, "Relancé ✓ 日本語 \u{1B}[2J")
        #expect(footer(c).contains("Relancé ✓ 日本語 [2J▏"))
        c.handle(.key(.backspace))
        c.handle(.key(.backspace))
        c.handle(.key(.backspace))
        c.handle(.key(.enter))
        #expect(sink.done.map(\.0) == [.acknowledge, .note("Relancé ✓ 日本語")])
        #expect(sink.done.allSatisfy { $0.1 == "INC-7" })
        #expect(footer(c).contains("✓ note added to INC-7"))
        // The next key clears the message.
        c.handle(.key(.down))
        #expect(!footer(c).contains("note added"))
    }

    @Test func severityAsksForADigitAndResolveAsksToConfirm() {
        let sink = IncidentKeyRecorder()
        let c = console(sink: sink)
        c.handle(.key(.char("v")))
        #expect(footer(c).contains("severity of INC-7 (1-4)"))
        c.handle(.key(.char("9")))
        #expect(sink.done.isEmpty)
        c.handle(.key(.char("1")))
        c.handle(.key(.char("r")))
        #expect(footer(c).contains("resolve INC-7? (y/n)"))
        c.handle(.key(.char("n")))
        #expect(footer(c).contains("cancelled"))
        c.handle(.key(.char("r")))
        c.handle(.key(.char("y")))
        c.handle(.key(.char("m")))
        c.handle(.key(.escape))
        c.handle(.key(.char("t")))
        #expect(sink.done.map(\.0) == [.severity(.sev1), .resolve, .takeLead])
        // Typing in a prompt never switches panes or quits.
        c.handle(.key(.char("n")))
        type(c, "1q")
        #expect(c.pane == .incidents && !c.shouldQuit)
    }

    @Test func aReadOnlyConsoleSaysSoAndARefusalIsShown() {
        let readOnly = console(sink: nil)
        readOnly.handle(.key(.char("a")))
        #expect(footer(readOnly).contains("✗ read-only console"))
        let sink = IncidentKeyRecorder()
        sink.refuse = "INC-7 is resolved: cannot acknowledge"
        let c = console(sink: sink)
        c.handle(.key(.char("a")))
        #expect(footer(c).contains("✗ INC-7 is resolved: cannot acknowledge"))
    }

    @Test func incidentKeysDoNothingOnOtherPanes() {
        let sink = IncidentKeyRecorder()
        let c = console(sink: sink)
        c.handle(.key(.char("1")))
        c.handle(.key(.char("a")))
        #expect(sink.done.isEmpty)
    }
}

/// Standup rotation: pages turn on the clock unless paused; keys step; Esc goes back to the console.
@Suite struct StandupRotationTests {
    @Test func pagesTurnOnTheClockUnlessPaused() {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let c = ConsoleController(dataSource: TestDataSource(PlatformSnapshot(now: t0)), initialPane: .health)
        c.enterStandup(interval: 10, now: t0)
        #expect(c.standup?.page == .lastDay)
        #expect(!c.tick(now: t0.addingTimeInterval(9)))
        #expect(c.tick(now: t0.addingTimeInterval(10)))
        #expect(c.standup?.page == .slos)
        c.handle(.key(.char(" ")))
        #expect(!c.tick(now: t0.addingTimeInterval(100)))
        #expect(c.standup?.page == .slos)
        c.handle(.key(.left))
        c.handle(.key(.left))
        #expect(c.standup?.page == .mttr)
        c.handle(.key(.escape))
        #expect(c.standup == nil && !c.shouldQuit)
        c.enterStandup(only: true)
        c.handle(.key(.escape))
        #expect(c.shouldQuit)
    }
}
