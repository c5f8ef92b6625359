import Foundation
import Testing
import VigilTestSupport

/// 200 random terminal sizes in a row, tiny to huge: the console survives, and at the last size it draws
/// exactly what a console started at that size draws.
@Suite("Resize storm", .serialized)
struct ResizeTests {
    @Test func twoHundredRandomResizesEndOnTheSameScreenAsAFreshConsole() throws {
        let dir = try makeTempDirectory("resize")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("static.db").path
        // A static store, stamped three days back on a whole hour, so nothing on screen moves but the clock.
        let past = (Date().timeIntervalSince1970 / 3600).rounded(.down) * 3600 - 3 * 86_400
        let seed = try StressProcess(store: store, directory: dir, name: "seed",
                                     arguments: ["--batches", "3", "--runs", "30", "--at", "\(Int(past))"])
        #expect(try seed.wait() == 0, "\(seed.stderr)")

        let stormy = try TmuxSession(width: 120, height: 40, directory: dir)
        try stormy.type(vigilCommandLine("console --store \(store)", home: dir))
        try stormy.waitFor(text: "stress_load")
        var rng = SplitMix(seed: 6)
        var sizes = [(10, 3), (250, 70), (1, 1), (80, 24), (79, 23)]
        while sizes.count < 200 { sizes.append((1 + Int(rng.next(upTo: 250)), 1 + Int(rng.next(upTo: 70)))) }
        for (i, (w, h)) in sizes.enumerated() {
            try stormy.resize(width: w, height: h)
            // Now and then let the console draw at a size before the next one arrives.
            if i % 7 == 0 { usleep(UInt32(rng.next(upTo: 50_000))) }
        }
        try stormy.resize(width: 100, height: 30)

        let fresh = try TmuxSession(width: 100, height: 30, directory: dir)
        try fresh.type(vigilCommandLine("console --store \(store)", home: dir))
        try fresh.waitFor(text: "stress_load")
        // Equal screens, allowing for the header clock turning over between the two captures.
        try stormy.waitFor("the resized console to match a fresh one") { screen in
            (try? fresh.screen()) == screen
        }
        let screen = try stormy.screen()
        #expect(!screen.contains("EXIT="))
        #expect(try stormy.display("#{pane_current_command}") == "vigil")
        for tmux in [stormy, fresh] { try tmux.press("q") }
        #expect(try stormy.waitForExit() == 0)
        #expect(try fresh.waitForExit() == 0)
    }
}
