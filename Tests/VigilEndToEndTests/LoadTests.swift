import Foundation
import Testing
import VigilTestSupport

/// Ten consoles and one collector on one store for a minute (VIGIL_LOAD_SECONDS shortens it locally; CI runs the
/// full minute): no console or log ever reports a locked or busy store, the writer never fails a write, each
/// console's view only moves forward, and every console ends on the writer's final batch.
@Suite("Ten consoles and one collector", .serialized)
struct LoadTests {
    static var seconds: Double {
        ProcessInfo.processInfo.environment["VIGIL_LOAD_SECONDS"].flatMap(Double.init) ?? 60
    }

    @Test func tenConsolesWatchOneCollectorWithoutLockErrorsOrMissedUpdates() throws {
        let dir = try makeTempDirectory("load")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("load.db").path
        let seed = try StressProcess(store: store, directory: dir, name: "writer-seed", arguments: ["--batches", "1"])
        #expect(try seed.wait() == 0, "\(seed.stderr)")

        let consoles = try (0..<10).map { _ in try TmuxSession(width: 80, height: 24, directory: dir) }
        for tmux in consoles { try tmux.type(vigilCommandLine("console --store \(store) --pane sources", home: dir)) }
        for tmux in consoles { try tmux.waitFor(text: "stress batch 1 committed", timeout: 60) }

        let writer = try StressProcess(store: store, directory: dir, name: "writer",
                                       arguments: ["--duration", "\(Self.seconds)", "--runs", "20", "--pause-ms", "10", "--final"])
        var seen = [Set<Int>](repeating: [], count: consoles.count)
        var latest = [Int](repeating: 1, count: consoles.count)
        while writer.poll() == nil {
            for (i, tmux) in consoles.enumerated() {
                let screen = try tmux.screen()
                try Self.expectHealthy(screen, console: i)
                if let batch = shownBatch(screen) {
                    #expect(batch >= latest[i], "console \(i) went back from batch \(latest[i]) to \(batch)")
                    latest[i] = max(latest[i], batch)
                    seen[i].insert(batch)
                }
            }
            usleep(300_000)
        }
        #expect(writer.exitStatus == 0, "\(writer.stderr)")
        #expect(writer.stderr.isEmpty, "\(writer.stderr)")
        let done = try #require(StressProcess.numbers(after: "done ", in: writer.stdout).first)
        #expect(writer.committed.count == done - 1, "one line per batch, then the final one")

        for (i, tmux) in consoles.enumerated() {
            let screen = try tmux.waitFor(text: "stress done at batch \(done)", timeout: 60)
            try Self.expectHealthy(screen, console: i)
            // Updates reached every console while the writer ran, not just at the end.
            #expect(seen[i].count >= 2, "console \(i) saw batches \(seen[i].sorted())")
        }
        for tmux in consoles { try tmux.press("q") }
        for tmux in consoles { #expect(try tmux.waitForExit() == 0) }
        let log = (try? String(contentsOf: dir.appendingPathComponent("vigil.log"), encoding: .utf8)) ?? ""
        for marker in storeErrorMarkers + ["failed"] {
            #expect(!log.lowercased().contains(marker.lowercased()), "vigil.log: \(log)")
        }
        #expect(try sqlite(store, "PRAGMA integrity_check") == ["ok"])
    }

    static func expectHealthy(_ screen: String, console: Int) throws {
        let lower = screen.lowercased()
        for marker in storeErrorMarkers { #expect(!lower.contains(marker.lowercased()), "console \(console):\n\(screen)") }
        #expect(!screen.contains("EXIT="), "console \(console) exited:\n\(screen)")
    }
}
