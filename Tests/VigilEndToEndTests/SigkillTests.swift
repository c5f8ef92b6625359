import Foundation
import Testing
import VigilTestSupport

/// The collector is killed with SIGKILL twenty times in the middle of heavy writes, while a console watches the
/// store. SQLite's WAL must make every reported commit durable and every uncommitted batch vanish whole.
@Suite("SIGKILL during heavy writes", .serialized)
struct SigkillTests {
    static let runsPerBatch = 200
    static let tasksPerRun = 3

    @Test func twentyKillsLoseNoCommittedBatchAndTheConsoleCarriesOn() throws {
        let dir = try makeTempDirectory("sigkill")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("stress.db").path
        let shape = ["--runs", "\(Self.runsPerBatch)", "--tasks", "\(Self.tasksPerRun)"]
        let first = try StressProcess(store: store, directory: dir, name: "writer-first", arguments: shape + ["--batches", "1"])
        #expect(try first.wait() == 0, "\(first.stderr)")
        var reported = Set(first.committed)

        let tmux = try TmuxSession(width: 120, height: 30, directory: dir)
        try tmux.type(vigilCommandLine("console --store \(store) --pane sources", home: dir))
        try tmux.waitFor(text: "stress batch 1 committed")

        var rng = SplitMix(seed: 20261127)
        for round in 0..<20 {
            let writer = try StressProcess(store: store, directory: dir, name: "writer-\(round)", arguments: shape)
            if round % 5 == 4 {
                // Some kills land while the writer opens the store (WAL recovery, lock, first transaction).
                usleep(UInt32(rng.next(upTo: 300)) * 1000)
            } else {
                // The rest after 1-4 commits plus a random slice of the next transaction.
                try writer.waitForCommits(1 + Int(rng.next(upTo: 4)))
                usleep(UInt32(rng.next(upTo: 120)) * 1000)
            }
            let status = writer.kill9()
            #expect(status == 128 + SIGKILL || status == 0, "round \(round): \(writer.stderr)")
            #expect(writer.stderr.isEmpty, "round \(round): \(writer.stderr)")
            reported.formUnion(writer.committed)
        }

        #expect(try sqlite(store, "PRAGMA integrity_check") == ["ok"])
        let runs = try batchCounts(store, table: "runs")
        let tasks = try batchCounts(store, table: "task_instances")
        for batch in reported.sorted() {
            #expect(runs[batch] == Self.runsPerBatch, "batch \(batch) was reported committed")
        }
        // Atomicity: a batch is all there or not at all, and batches are consecutive (restarts continue them).
        for (batch, count) in runs {
            #expect(count == Self.runsPerBatch, "batch \(batch) is partial: \(count) runs")
            #expect(tasks[batch] == Self.runsPerBatch * Self.tasksPerRun, "batch \(batch) task instances")
        }
        let highest = runs.keys.max() ?? 0
        #expect(Set(runs.keys) == Set(1...max(1, highest)))
        #expect(try sqlite(store, "SELECT value FROM meta WHERE key = 'stress_last_batch'") == ["\(highest)"])
        #expect(reported.count >= 16, "kills should follow commits in most rounds: \(reported.sorted())")

        // The console outlived all of it and shows what a clean writer commits next.
        let last = try StressProcess(store: store, directory: dir, name: "writer-last", arguments: shape + ["--batches", "0", "--final"])
        #expect(try last.wait() == 0, "\(last.stderr)")
        let done = try #require(StressProcess.numbers(after: "done ", in: last.stdout).first)
        #expect(done == highest + 1)
        let screen = try tmux.waitFor(text: "stress done at batch \(done)")
        for marker in storeErrorMarkers { #expect(!screen.lowercased().contains(marker.lowercased()), "\(screen)") }
        #expect(!screen.contains("EXIT="))
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
        let log = (try? String(contentsOf: dir.appendingPathComponent("vigil.log"), encoding: .utf8)) ?? ""
        #expect(!log.contains("failed"), "\(log)")
    }
}

/// A small seeded generator, so the kill points vary between rounds but each run of the test is the same.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(upTo bound: UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return (z ^ (z >> 31)) % bound
    }
}
