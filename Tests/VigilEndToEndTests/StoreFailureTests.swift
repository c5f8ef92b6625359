import Foundation
import Testing
import VigilTestSupport

/// A store that vanishes, comes from a newer Vigil, sits on a full disk or a read-only file system: every
/// command says so in one clear line (exit non-zero), a running console says so and keeps its last data, and
/// the store is never damaged.
@Suite("Store failures", .serialized)
struct StoreFailureTests {
    @Test func deletedStoreIsNoticedByTheConsoleTheWriterAndTheCollector() throws {
        let dir = try makeTempDirectory("deleted")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("stress.db").path
        let writer = try StressProcess(store: store, directory: dir, name: "writer", arguments: ["--runs", "5", "--pause-ms", "50"])
        defer { _ = writer.poll() ?? writer.kill9() }
        try writer.waitForCommits(1)
        let tmux = try TmuxSession(width: 220, height: 30, directory: dir)
        try tmux.type(vigilCommandLine("console --store \(store) --pane sources", home: dir))
        try tmux.waitFor("a batch on screen") { shownBatch($0) != nil }

        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
        let screen = try tmux.waitFor(text: "was deleted or replaced; restart Vigil")
        #expect(shownBatch(screen) != nil, "the console keeps its last data:\n\(screen)")
        #expect(!screen.contains("EXIT="))

        #expect(try writer.wait() == 1)
        #expect(writer.stderr.contains("store file \(store) was deleted or replaced"), "\(writer.stderr)")
        #expect(writer.stderr.split(separator: "\n").count == 1, "\(writer.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store), "nobody writes a new file behind the console's back")
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)

        // vigil collect, a daemon, stops rather than writing on into a file nobody can open.
        let config = try CollectTests.dbtWorkspace(dir)
        let collectStore = dir.appendingPathComponent("collect.db").path
        let out = dir.appendingPathComponent("collect.out").path, err = dir.appendingPathComponent("collect.err").path
        let collect = try ChildProcess.spawn(VigilBinary.path, ["collect", "--config", config.path, "--store", collectStore],
                                             environment: ProcessInfo.processInfo.environment, stdout: out, stderr: err)
        let started = try waitUntil("the collector's first pass") {
            (try? sqlite(collectStore, "SELECT count(*) FROM runs"))?.first.flatMap(Int.init).map { $0 > 0 } ?? false
        }
        #expect(started)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: collectStore + suffix) }
        var status: Int32 = 0
        _ = try waitUntil("vigil collect to stop") { waitpid(collect, &status, WNOHANG) == collect }
        #expect(StressProcess.decode(status) == 1)
        let collectErr = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        #expect(collectErr.contains("vigil collect: store file \(collectStore) was deleted or replaced"), "\(collectErr)")
    }

    @Test func storeFromANewerVigilIsRefusedByEveryCommandAndLeftUntouched() throws {
        let dir = try makeTempDirectory("newer")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("newer.db").path
        let seed = try StressProcess(store: store, directory: dir, name: "seed", arguments: ["--batches", "1"])
        #expect(try seed.wait() == 0)
        _ = try sqlite(store, "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        // Compared as content: GRDB's pool touches the header on open (it creates and drops a table so the WAL
        // index exists), which is not a change of anything stored.
        let before = try sqlite(store, ".dump")
        let refusal = "store at \(store) was written by a newer Vigil; upgrade Vigil or use another --store"

        let status = try runProcess(VigilBinary.path, ["status", "--store", store])
        #expect(status.status == 3)
        #expect(status.stdout.contains(refusal), "\(status.stdout)")
        let write = try runProcess(VigilBinary.devPath, ["stress", "write", "--store", store, "--batches", "1"])
        #expect(write.status == 1)
        #expect(write.stderr == "vigil-dev stress: \(refusal)\n")
        let config = try CollectTests.dbtWorkspace(dir)
        let collect = try runProcess(VigilBinary.path, ["collect", "--once", "--config", config.path, "--store", store])
        #expect(collect.status == 1)
        #expect(collect.stderr == "vigil collect: \(refusal)\n")
        let tmux = try TmuxSession(width: 200, height: 30, directory: dir)
        try tmux.type(vigilCommandLine("console --store \(store)", home: dir))
        #expect(try tmux.waitForExit() == 1)
        #expect(try tmux.screen().contains(refusal))

        #expect(try sqlite(store, ".dump") == before)
        #expect(try sqlite(store, "PRAGMA integrity_check") == ["ok"])
    }

    @Test(.enabled(if: Mounts.available, "needs root and mount"))
    func fullDiskFailsTheWriteClearlyAndKeepsEveryCommittedBatch() throws {
        let dir = try makeTempDirectory("full")
        defer { try? FileManager.default.removeItem(at: dir) }
        let disk = dir.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        try Mounts.tmpfs(at: disk, kilobytes: 2048)
        defer { Mounts.unmount(disk) }
        let store = disk.appendingPathComponent("full.db").path
        let seed = try StressProcess(store: store, directory: dir, name: "seed", arguments: ["--batches", "1"])
        #expect(try seed.wait() == 0)
        let tmux = try TmuxSession(width: 200, height: 30, directory: dir)
        try tmux.type(vigilCommandLine("console --store \(store) --pane sources", home: dir))
        try tmux.waitFor(text: "stress batch 1 committed")

        // Writes until the 2 MB disk is full: the write that does not fit fails whole, with a clear line.
        let writer = try StressProcess(store: store, directory: dir, name: "writer", arguments: ["--runs", "200"])
        #expect(try writer.wait() == 1)
        let last = try #require(writer.committed.last)
        #expect(writer.stderr == "vigil-dev stress: write of batch \(last + 1) failed: store at \(store): the disk is full, "
                + "nothing was written; free space on its file system (or use another --store)\n")
        #expect(try sqlite(store, "PRAGMA integrity_check") == ["ok"])
        let runs = try batchCounts(store, table: "runs")
        for batch in writer.committed { #expect(runs[batch] == 200, "batch \(batch)") }
        #expect(runs[last + 1] == nil)

        // The console read on through it and shows the last batch that made it.
        let screen = try tmux.waitFor(text: "stress batch \(last) committed")
        #expect(!screen.contains("store read failed"))
        #expect(!screen.contains("EXIT="))
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test(.enabled(if: Mounts.available, "needs root and mount"))
    func readOnlyFileSystemIsNamedByEveryCommand() throws {
        let dir = try makeTempDirectory("readonly")
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("src"), mounted = dir.appendingPathComponent("ro")
        for d in [source, mounted] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        let seed = try StressProcess(store: source.appendingPathComponent("ro.db").path, directory: dir, name: "seed",
                                     arguments: ["--batches", "2"])
        #expect(try seed.wait() == 0)
        try Mounts.readOnlyBind(source, at: mounted)
        defer { Mounts.unmount(mounted) }
        let store = mounted.appendingPathComponent("ro.db").path
        let problem = "store at \(store) cannot be written (Read-only file system)"

        let status = try runProcess(VigilBinary.path, ["status", "--store", store])
        #expect(status.status == 3)
        #expect(status.stdout.contains(problem), "\(status.stdout)")
        let write = try runProcess(VigilBinary.devPath, ["stress", "write", "--store", store, "--batches", "1"])
        #expect(write.status == 1)
        #expect(write.stderr.hasPrefix("vigil-dev stress: \(problem)"), "\(write.stderr)")
        #expect(write.stderr.split(separator: "\n").count == 1)
        let tmux = try TmuxSession(width: 250, height: 30, directory: dir)
        try tmux.type(vigilCommandLine("console --store \(store)", home: dir))
        #expect(try tmux.waitForExit() == 1)
        #expect(try tmux.screen().contains("cannot be written (Read-only file system)"))
        #expect(try sqlite(source.appendingPathComponent("ro.db").path, "SELECT value FROM meta WHERE key = 'stress_last_batch'") == ["2"])
    }
}

/// Polls `condition` every 50 ms for up to `timeout` seconds; throws when it never held.
@discardableResult
func waitUntil(_ what: String, timeout: TimeInterval = 60, _ condition: () throws -> Bool) throws -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        usleep(50_000)
    }
    throw TmuxError(message: "timed out waiting for \(what)")
}
