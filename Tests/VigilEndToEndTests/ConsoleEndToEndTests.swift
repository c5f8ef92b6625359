import Foundation
import Testing
import VigilTestSupport

/// Drives the real `vigil` binary in tmux like an on-call engineer would.
@Suite(.serialized) struct ConsoleEndToEndTests {
    @Test func demoConsoleWalkthroughRestoresTheTerminal() throws {
        let home = try makeTempDirectory("e2e")
        defer { try? FileManager.default.removeItem(at: home) }
        let tmux = try TmuxSession(width: 120, height: 40, directory: home)
        try tmux.type(vigilCommandLine("demo --store \(home.path)/demo.db", home: home))

        // All panes reachable, live data within seconds.
        let first = try tmux.waitFor("the Health pane") { $0.contains("Pipeline health") && $0.contains("DEMO") }
        #expect(first.contains("customer_sync"))
        try tmux.waitFor("the demo data to change", timeout: 20) { $0 != first && $0.contains("Pipeline health") }
        try tmux.press("2")
        try tmux.waitFor(text: "Dataset freshness")
        try tmux.press("3")
        try tmux.waitFor(text: "Timeline")
        try tmux.press("4")
        try tmux.waitFor(text: "Runbook")
        try tmux.press("Tab")
        try tmux.waitFor("the Sources pane") { $0.contains("Sources  4") && $0.contains("airflow-prod") }
        try tmux.press("Tab")
        try tmux.waitFor("the Changes pane") { $0.contains("Changes  85") && $0.contains("customer_sync version 6 → 7") }
        try tmux.press("Tab")
        try tmux.waitFor(text: "Pipeline health")

        // Drill in: pipeline → runs → task instances, with breadcrumbs; Esc walks back.
        try tmux.press("j", "k", "Enter")
        try tmux.waitFor(text: "Runs of")
        try tmux.press("Enter")
        let tasks = try tmux.waitFor(text: "Task instances")
        #expect(tasks.contains("Health ›"))
        try tmux.press("Escape", "Escape")
        try tmux.waitFor("back on Health") { $0.contains("Pipeline health") && !$0.contains("Runs of") }

        // Filter, then clear.
        try tmux.press("/")
        try tmux.tmux(["send-keys", "-t", tmux.session, "-l", "customer"])
        let filtered = try tmux.waitFor(text: "filter “customer”")
        #expect(filtered.contains("customer_sync"))
        try tmux.press("Enter", "Escape")
        try tmux.waitFor("the filter to clear") { !$0.contains("filter “") && $0.contains("Pipeline health") }

        // Help overlay lists the keys and closes on any key.
        try tmux.press("?")
        try tmux.waitFor(text: "any key closes this help")
        try tmux.press("Escape")
        try tmux.waitFor("help to close") { !$0.contains("any key closes this help") }

        // Resize: still drawn at 80x24, a clear note below it, and back again.
        try tmux.resize(width: 80, height: 24)
        try tmux.waitFor("an 80x24 frame") { s in
            s.contains("Pipeline health") && s.split(separator: "\n").allSatisfy { $0.count <= 80 }
        }
        try tmux.resize(width: 60, height: 20)
        try tmux.waitFor(text: "enlarge the terminal")
        try tmux.resize(width: 120, height: 40)
        try tmux.waitFor(text: "Pipeline health")

        // Quit: exit status 0, alternate screen and mouse tracking off, cursor visible.
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
        #expect(try tmux.display("#{alternate_on} #{mouse_any_flag} #{cursor_flag}") == "0 0 1")
    }

    @Test func sigtermRestoresTheTerminal() throws {
        let home = try makeTempDirectory("e2e-term")
        defer { try? FileManager.default.removeItem(at: home) }
        let tmux = try TmuxSession(width: 100, height: 30, directory: home)
        try tmux.type(vigilCommandLine("demo --store \(home.path)/demo.db", home: home))
        try tmux.waitFor(text: "Pipeline health")
        let pid = try tmux.display("#{pane_pid}")
        // The shell's child is vigil: send it SIGTERM as a service manager would.
        _ = try runProcess("/usr/bin/env", ["pkill", "-TERM", "-P", pid, "-x", "vigil"])
        #expect(try tmux.waitForExit() == 0)
        #expect(try tmux.display("#{alternate_on} #{mouse_any_flag} #{cursor_flag}") == "0 0 1")
    }

    @Test func twoConsolesOnOneStoreBothFollowTheDemoWriter() throws {
        let home = try makeTempDirectory("e2e-two")
        defer { try? FileManager.default.removeItem(at: home) }
        let store = home.appendingPathComponent("shared.db").path
        let writer = try DemoWriter(store: store, speed: 60)
        defer { writer.stop() }
        // Wait until the writer has created and filled the store.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let r = try? runProcess(VigilBinary.path, ["status", "--store", store]), r.stdout.contains("pipelines") { break }
            usleep(200_000)
        }
        let consoles = try (0..<2).map { _ in try TmuxSession(width: 120, height: 40, directory: home) }
        for console in consoles {
            try console.type(vigilCommandLine("console --store \(store)", home: home))
        }
        let before = try consoles.map { try $0.waitFor(text: "Pipeline health") }
        for (console, first) in zip(consoles, before) {
            // At 60x the header clock moves a simulated minute every second.
            try console.waitFor("the console to follow the writer", timeout: 15) { $0 != first && $0.contains("DEMO") }
            try console.press("q")
            #expect(try console.waitForExit() == 0)
        }
    }
}

/// The console's jump, sort and log keys on the demo, through a real terminal.
@Suite(.serialized) struct ConsolePaletteSortLogEndToEndTests {
    @Test func jumpSortAndReadATaskLog() throws {
        let home = try makeTempDirectory("e2e-palette")
        defer { try? FileManager.default.removeItem(at: home) }
        let tmux = try TmuxSession(width: 130, height: 40, directory: home)
        tmux.logs = [home.appendingPathComponent("vigil.log").path]
        try tmux.type(vigilCommandLine("demo --store \(home.path)/demo.db", home: home))
        // The first read takes 50 ms here; one clean-clone CI run, with both Airflows busy, was still reading at 30 s.
        try tmux.waitFor("the Health pane", timeout: 90) { $0.contains("Pipeline health") && $0.contains("customer_sync") }

        // : jumps by fuzzy name to a pipeline's runs, from any pane.
        try tmux.press("3", ":")
        try tmux.waitFor(text: "Go to (Tab chooses")
        try tmux.tmux(["send-keys", "-t", tmux.session, "-l", "custsync"])
        try tmux.waitFor("the match") { $0.contains("pipeline") && $0.contains("customer_sync") }
        try tmux.press("Enter")
        try tmux.waitFor("customer_sync's runs") { $0.contains("Runs of customer_sync") && $0.contains("Health › customer_sync") }

        // Enter twice more: a run's task instances, then the log of the selected try (the demo shows what it recorded).
        try tmux.press("Enter")
        // A run the demo just queued has no task instances yet: wait for one (its operator's name, e.g. PythonOperator).
        try tmux.waitFor("a run's task instances", timeout: 60) { $0.contains("Task instances") && $0.contains("Operator") }
        try tmux.press("Enter")
        let log = try tmux.waitFor(text: "Log ")
        #expect(log.contains("try "))
        try tmux.press("Escape", "Escape", "Escape")
        try tmux.waitFor("back on Health") { $0.contains("Pipeline health") && !$0.contains("Runs of") }

        // Sort by PIPELINE (its letter I), then reversed.
        try tmux.press("I")
        try tmux.waitFor(text: "PIPELINE▲")
        try tmux.press("I")
        func names(_ screen: String) -> [String] {
            screen.split(separator: "\n").compactMap { line -> String? in
                let cells = line.split(separator: " ", omittingEmptySubsequences: true)
                return cells.count > 3 && !line.contains("PIPELINE") && (line.contains(" OK ") || line.contains("FAILING")) ? String(cells[2]) : nil
            }
        }
        // Waited for as a whole: on a loaded machine a capture can land between the header's ▼ and the rows' redraw.
        _ = try tmux.waitFor("rows sorted by pipeline, reversed") { screen in
            let shown = names(screen)
            return screen.contains("PIPELINE▼") && shown.count > 3 && shown == shown.sorted(by: >)
        }

        // : + why: the dataset's detail, with why it is stale.
        try tmux.press(":")
        try tmux.tmux(["send-keys", "-t", tmux.session, "-l", "why raw.customers"])
        try tmux.waitFor("the why candidate") { $0.contains("why") && $0.contains("raw.customers") }
        try tmux.press("Enter")
        try tmux.waitFor("the dataset detail") { $0.contains("Freshness › raw.customers") }
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
    }
}
