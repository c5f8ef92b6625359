import Foundation
import Testing
import VigilApp
import VigilCore
import VigilUI

/// The console's behaviour, driven with the events a terminal sends, over the demo scenario.
@Suite struct ConsoleControllerTests {
    func frame(_ c: ConsoleController, _ w: Int = 120, _ h: Int = 40) -> String {
        TextSnapshot.render(c.render(width: w, height: h))
    }

    @Test func numberKeysAndTabSwitchPanes() throws {
        let c = try DemoSnapshot.makeController(pane: .health)
        _ = frame(c)
        c.handle(.key(.char("2")))
        #expect(c.pane == .freshness)
        #expect(frame(c).contains("Dataset freshness"))
        c.handle(.key(.tab))
        #expect(c.pane == .incidents)
        c.handle(.key(.backTab))
        #expect(c.pane == .freshness)
        c.handle(.key(.char("4")))
        #expect(frame(c).contains("Runbook"))
    }

    @Test func enterDrillsInAndEscapeComesBackWithBreadcrumbs() throws {
        let c = try DemoSnapshot.makeController(pane: .health)
        _ = frame(c)
        c.handle(.key(.enter))
        #expect(c.breadcrumbs.count == 2)
        #expect(frame(c).contains("Runs of"))
        c.handle(.key(.enter))
        #expect(c.breadcrumbs.count == 3)
        let tasks = frame(c)
        #expect(tasks.contains("Task instances"))
        #expect(tasks.contains("Health › "))
        c.handle(.key(.escape))
        c.handle(.key(.escape))
        #expect(c.breadcrumbs == ["Health"])
        c.handle(.key(.escape))
        #expect(c.breadcrumbs == ["Health"])
    }

    @Test func filterNarrowsTheListAndEscapeClearsIt() throws {
        let c = try DemoSnapshot.makeController(pane: .health)
        let all = frame(c)
        for e in try ScriptedKeys.parse("/,c,u,s,t,o,m,e,r,_,s,y,n,c") { c.handle(e) }
        #expect(c.isEditingFilter)
        let filtered = frame(c)
        #expect(filtered.contains("customer_sync"))
        #expect(filtered.contains("1 of"))
        #expect(filtered != all)
        c.handle(.key(.escape))
        #expect(!c.isEditingFilter)
        #expect(c.currentFilter.isEmpty)
    }

    @Test func filterKeptWithEnterIsClearedByEscapeBeforeGoingBack() throws {
        let c = try DemoSnapshot.makeController(pane: .freshness)
        for e in try ScriptedKeys.parse("/,r,a,w,enter") { c.handle(e) }
        #expect(c.currentFilter == "raw")
        #expect(frame(c).contains("filter “raw”"))
        c.handle(.key(.escape))
        #expect(c.currentFilter.isEmpty)
    }

    @Test func filterTextIsSanitised() throws {
        let c = try DemoSnapshot.makeController(pane: .health)
        c.handle(.key(.char("/")))
        for ch in "a\u{1B}[2Jb" { c.handle(.key(.char(ch))) }
        #expect(!c.currentFilter.contains("\u{1B}"))
    }

    @Test func movingSelectionScrollsLongLists() throws {
        let c = try DemoSnapshot.makeController(pane: .freshness)
        _ = frame(c, 120, 30)
        let firstTop = frame(c, 120, 30)
        for _ in 0..<60 { c.handle(.key(.down)) }
        let scrolled = frame(c, 120, 30)
        #expect(scrolled != firstTop)
        // The selection bar (▌) is still on screen after scrolling.
        #expect(scrolled.contains("▌"))
        c.handle(.key(.home))
        #expect(frame(c, 120, 30) == firstTop)
    }

    @Test func mouseClickSelectsTabsAndRows() throws {
        let c = try DemoSnapshot.makeController(pane: .health)
        let screen = frame(c).split(separator: "\n").map(String.init)
        // Click on the "3 Incidents" tab in row 1.
        let tabColumn = try #require(screen[1].range(of: "3 Incidents")).lowerBound.utf16Offset(in: screen[1])
        c.handle(.mouse(MouseEvent(x: tabColumn + 2, y: 1, action: .press)))
        #expect(c.pane == .incidents)
        c.handle(.key(.char("1")))
        _ = frame(c)
        // Rows start under the title line and the column header: row index 2 is at y = 2 + 1 + 1 + 2.
        c.handle(.mouse(MouseEvent(x: 10, y: 6, action: .press)))
        c.handle(.key(.enter))
        #expect(c.breadcrumbs.count == 2)
    }

    @Test func helpListsEveryBindingAndAnyKeyClosesIt() throws {
        let c = try DemoSnapshot.makeController(pane: .health)
        c.handle(.key(.char("?")))
        let help = frame(c)
        #expect(help.contains("any key closes this help"))
        for section in KeyMap.sections { #expect(help.contains(section.title)) }
        c.handle(.key(.char("x")))
        #expect(!c.showHelp)
        #expect(!c.shouldQuit)
    }

    @Test func qQuits() throws {
        let c = try DemoSnapshot.makeController(pane: .health)
        c.handle(.key(.char("q")))
        #expect(c.shouldQuit)
    }

    @Test func tooSmallTerminalSaysSo() throws {
        let c = try DemoSnapshot.makeController(pane: .health)
        let small = frame(c, 60, 20)
        #expect(small.contains("enlarge the terminal"))
        #expect(small.contains("60x20"))
    }

    @Test func headerSaysDemoAndShowsSourcesAndCounts() throws {
        let c = try DemoSnapshot.makeController(pane: .health)
        let header = String(frame(c).split(separator: "\n")[0])
        #expect(header.contains("DEMO"))
        #expect(header.contains("3/3 sources ok"))
        #expect(header.contains("failing"))
        #expect(header.contains("UTC"))
    }

    @Test func incidentsPaneShowsTheTimelineOfTheSelectedIncident() throws {
        let c = try DemoSnapshot.makeController(pane: .incidents)
        let screen = frame(c)
        #expect(screen.contains("detected"))
        #expect(screen.contains("raw.customers"))
        c.handle(.key(.enter))
        #expect(c.pane == .runbook)
        #expect(frame(c).contains("Stale tier-1 table") || frame(c).contains("stale"))
    }
}
