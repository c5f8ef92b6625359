import Foundation
import Testing
import VigilApp
import VigilCore
@testable import VigilUI

/// The console's behaviour, driven with the events a terminal sends, over the demo scenario.
@Suite struct ConsoleTests {
    func frame(_ c: inout ConsoleDriver, _ w: Int = 120, _ h: Int = 40) -> String {
        if c.width != w || c.height != h { c.send(.input(.resize(width: w, height: h))) }
        return TextSnapshot.render(c.frame())
    }

    @Test func numberKeysAndTabSwitchPanes() async throws {
        var c = try await DemoSnapshot.makeDriver(pane: .health)
        _ = frame(&c)
        c.send(.input(.key(.char("2"))))
        #expect(c.state.pane == .freshness)
        #expect(frame(&c).contains("Dataset freshness"))
        c.send(.input(.key(.tab)))
        #expect(c.state.pane == .incidents)
        c.send(.input(.key(.backTab)))
        #expect(c.state.pane == .freshness)
        c.send(.input(.key(.char("4"))))
        #expect(frame(&c).contains("Runbook"))
    }

    @Test func enterDrillsInAndEscapeComesBackWithBreadcrumbs() async throws {
        var c = try await DemoSnapshot.makeDriver(pane: .health)
        _ = frame(&c)
        c.send(.input(.key(.enter)))
        #expect(c.state.breadcrumbs.count == 2)
        #expect(frame(&c).contains("Runs of"))
        c.send(.input(.key(.enter)))
        #expect(c.state.breadcrumbs.count == 3)
        let tasks = frame(&c)
        #expect(tasks.contains("Task instances"))
        #expect(tasks.contains("Health › "))
        c.send(.input(.key(.escape)))
        c.send(.input(.key(.escape)))
        #expect(c.state.breadcrumbs == ["Health"])
        c.send(.input(.key(.escape)))
        #expect(c.state.breadcrumbs == ["Health"])
    }

    @Test func filterNarrowsTheListAndEscapeClearsIt() async throws {
        var c = try await DemoSnapshot.makeDriver(pane: .health)
        let all = frame(&c)
        for e in try ScriptedKeys.parse("/,c,u,s,t,o,m,e,r,_,s,y,n,c") { c.send(.input(e)) }
        #expect(c.state.isEditingFilter)
        let filtered = frame(&c)
        #expect(filtered.contains("customer_sync"))
        #expect(filtered.contains("1 of"))
        #expect(filtered != all)
        c.send(.input(.key(.escape)))
        #expect(!c.state.isEditingFilter)
        #expect(c.state.currentFilter.isEmpty)
    }

    @Test func filterKeptWithEnterIsClearedByEscapeBeforeGoingBack() async throws {
        var c = try await DemoSnapshot.makeDriver(pane: .freshness)
        for e in try ScriptedKeys.parse("/,r,a,w,enter") { c.send(.input(e)) }
        #expect(c.state.currentFilter == "raw")
        #expect(frame(&c).contains("filter “raw”"))
        c.send(.input(.key(.escape)))
        #expect(c.state.currentFilter.isEmpty)
    }

    @Test func filterTextIsSanitised() async throws {
        var c = try await DemoSnapshot.makeDriver(pane: .health)
        c.send(.input(.key(.char("/"))))
        for ch in "a\u{1B}[2Jb" { c.send(.input(.key(.char(ch)))) }
        #expect(!c.state.currentFilter.contains("\u{1B}"))
    }

    @Test func movingSelectionScrollsLongLists() async throws {
        var c = try await DemoSnapshot.makeDriver(pane: .freshness)
        _ = frame(&c, 120, 30)
        let firstTop = frame(&c, 120, 30)
        for _ in 0..<60 { c.send(.input(.key(.down))) }
        let scrolled = frame(&c, 120, 30)
        #expect(scrolled != firstTop)
        // The selection bar (▌) is still on screen after scrolling.
        #expect(scrolled.contains("▌"))
        c.send(.input(.key(.home)))
        #expect(frame(&c, 120, 30) == firstTop)
    }

    @Test func mouseClickSelectsTabsAndRows() async throws {
        var c = try await DemoSnapshot.makeDriver(pane: .health)
        let screen = frame(&c).split(separator: "\n").map(String.init)
        // Click on the "3 Incidents" tab in row 1.
        let tabColumn = try #require(screen[1].range(of: "3 Incidents")).lowerBound.utf16Offset(in: screen[1])
        c.send(.input(.mouse(MouseEvent(x: tabColumn + 2, y: 1, action: .press))))
        #expect(c.state.pane == .incidents)
        c.send(.input(.key(.char("1"))))
        _ = frame(&c)
        // Rows start under the title line and the column header: row index 2 is at y = 2 + 1 + 1 + 2.
        c.send(.input(.mouse(MouseEvent(x: 10, y: 6, action: .press))))
        c.send(.input(.key(.enter)))
        #expect(c.state.breadcrumbs.count == 2)
    }

    @Test func helpListsEveryBindingAndAnyKeyClosesIt() async throws {
        var c = try await DemoSnapshot.makeDriver(pane: .health)
        c.send(.input(.key(.char("?"))))
        let help = frame(&c)
        #expect(help.contains("any key closes this help"))
        for section in Bindings.helpSections(c.state) { #expect(help.contains(section.title)) }
        c.send(.input(.key(.char("x"))))
        #expect(!c.state.showHelp)
        #expect(!c.state.shouldQuit)
    }

    @Test func qQuits() async throws {
        var c = try await DemoSnapshot.makeDriver(pane: .health)
        c.send(.input(.key(.char("q"))))
        #expect(c.state.shouldQuit)
    }

    @Test func tooSmallTerminalSaysSo() async throws {
        var c = try await DemoSnapshot.makeDriver(pane: .health)
        let small = frame(&c, 60, 20)
        #expect(small.contains("enlarge the terminal"))
        #expect(small.contains("60x20"))
    }

    @Test func headerSaysDemoAndShowsSourcesAndCounts() async throws {
        var c = try await DemoSnapshot.makeDriver(pane: .health)
        let header = String(frame(&c).split(separator: "\n")[0])
        #expect(header.contains("DEMO"))
        #expect(header.contains("4/4 sources ok"))
        #expect(header.contains("failing"))
        #expect(header.contains("UTC"))
    }

    @Test func incidentsPaneShowsTheTimelineOfTheSelectedIncident() async throws {
        var c = try await DemoSnapshot.makeDriver(pane: .incidents)
        let screen = frame(&c)
        #expect(screen.contains("detected"))
        #expect(screen.contains("raw.customers"))
        c.send(.input(.key(.enter)))
        #expect(c.state.pane == .runbook)
        #expect(frame(&c).contains("Stale tier-1 table") || frame(&c).contains("stale"))
    }
}
