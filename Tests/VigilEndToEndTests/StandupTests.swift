import Foundation
import Testing
import VigilTestSupport

/// `vigil standup` on a live demo store: big numbers, pages stepped by hand, pause, quit.
@Suite(.serialized) struct StandupTests {
    @Test func standupShowsPagesStepsPausesAndQuits() throws {
        let dir = try makeTempDirectory("standup")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("demo.db").path
        let writer = try DemoWriter(store: store)
        defer { writer.stop() }
        let tmux = try TmuxSession(width: 120, height: 40, directory: dir)
        // The writer creates the store; wait for it before opening read-only.
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: store) && Date() < deadline { usleep(100_000) }
        try tmux.type(vigilCommandLine("standup --store \(store) --interval 600", home: dir))
        // The first page needs the demo's backfill (about 3 s alone in a debug build; minutes on a loaded CI machine).
        let first = try tmux.waitFor("the first page", timeout: 120) { $0.contains("VIGIL STANDUP  1/5 Last 24 hours") && $0.contains("RUNS") }
        #expect(first.contains("███"))
        try tmux.press("Right")
        try tmux.waitFor(text: "2/5 Freshness SLOs by tier")
        try tmux.press("Space")
        try tmux.waitFor(text: "‖ paused")
        try tmux.press("Left", "Left")
        try tmux.waitFor(text: "5/5 Changes and alerts")
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
    }
}
