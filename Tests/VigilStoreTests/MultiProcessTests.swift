import Foundation
import Testing
import VigilCore
import VigilStore

/// Two Store instances on one file stand in for the collector process and a console process.
@Suite struct MultiProcessTests {
    @Test func changeTokenMovesOnlyWhenSomeoneWrites() throws {
        try withTempDirectory { dir in
            let path = storeFile(in: dir)
            let console = try Store(path: path)
            let collector = try Store(path: path)
            let first = try console.changeToken()
            #expect(try console.changeToken() == first)
            _ = try console.snapshot(now: t(0))
            #expect(try console.changeToken() == first, "reads must not move the token")

            try collector.write { try $0.upsertSource(SourceStatus(name: "airflow", kind: .airflow, health: .ok)) }
            let second = try console.changeToken()
            #expect(second != first)
            #expect(try console.changeToken() == second)

            try collector.write { _ in }
            #expect(try console.changeToken() != second, "every write transaction bumps the token")
        }
    }

    @Test func readerSeesWritersData() throws {
        try withTempDirectory { dir in
            let path = storeFile(in: dir)
            let collector = try Store(path: path)
            // Opened before the data exists, so a stale connection snapshot would show up as a failure.
            let console = try Store(path: path, readOnly: true)
            #expect(try console.snapshot(now: t(0)).pipelines.isEmpty)

            let pipeline = Pipeline(source: "airflow", pipelineID: "etl", scheduleInterval: 3600, tier: 1)
            let run = Fixture.run("r1", state: .failed, logical: 0, started: 10)
            try collector.write { w in
                try w.upsertPipeline(pipeline)
                try w.upsertRun(run)
            }
            let seen = try console.snapshot(now: t(0)).pipelines
            #expect(seen.map(\.pipeline) == [pipeline])
            #expect(seen.map(\.recentRuns) == [[run]])
        }
    }

    @Test func concurrentWritersFromTwoStoresAllLand() throws {
        try withTempDirectory { dir in
            let path = storeFile(in: dir)
            let writers = [try Store(path: path), try Store(path: path)]
            let console = try Store(path: path, readOnly: true)
            let startToken = try writers[0].changeToken()
            let failures = FailureLog()
            let perWriter = 200
            // Two writers hammer the file while a read-only console keeps polling and snapshotting.
            DispatchQueue.concurrentPerform(iterations: 3) { worker in
                for i in 0..<perWriter {
                    do {
                        if worker == 2 {
                            _ = try console.changeToken()
                            if i % 10 == 0 { _ = try console.snapshot(now: t(0)) }
                            continue
                        }
                        try writers[worker].write { w in
                            try w.upsertRun(Fixture.run("w\(worker)-\(i)", logical: Double(i)))
                            try w.setMeta("last-\(worker)", String(i))
                        }
                    } catch {
                        failures.append("worker \(worker) #\(i): \(error)")
                    }
                }
            }
            let errors = failures.entries
            #expect(errors.isEmpty, "\(errors.count) failures, first: \(errors.prefix(3))")
            #expect(try console.runs(source: "airflow", pipelineID: "etl", limit: 1000).count == 2 * perWriter)
            #expect(try console.meta("last-0") == "\(perWriter - 1)")
            #expect(try console.meta("last-1") == "\(perWriter - 1)")
            #expect(try console.changeToken() == startToken + Int64(2 * perWriter))
        }
    }
}

/// Collects errors from worker threads (Synchronization.Mutex needs macOS 15; the package targets 13).
private final class FailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    func append(_ item: String) { lock.withLock { items.append(item) } }
    var entries: [String] { lock.withLock { items } }
}
