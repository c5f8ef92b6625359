import ArgumentParser
import Foundation
import VigilApp
import VigilDevTools
import VigilStore

/// `vigil-dev stress`: load generators for the crash-safety and load tests.
struct StressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress",
        abstract: "Load generators for crash and load tests (for developers).",
        subcommands: [StressWriteCommand.self]
    )
}

struct StressWriteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write",
        abstract: "Write numbered batches of runs, one transaction each, printing `committed N` after each commit.",
        discussion: """
        Numbering continues from the store, so a writer killed and restarted carries on. Holds the collector lock \
        like `vigil collect`. With --final, writes one last batch whose note reads `stress done at batch N` and \
        prints `done N`. Exits 1 on the first failed write.
        """
    )

    @Option(help: "Path of the store.")
    var store: String

    @Option(help: "Stop after this many batches (default: no limit).")
    var batches: Int?

    @Option(help: "Stop after this many seconds (0: no limit).")
    var duration: Double = 0

    @Option(help: "Runs per batch (each with --tasks task instances).")
    var runs: Int = 50

    @Option(help: "Task instances per run.")
    var tasks: Int = 3

    @Option(help: "Pause between batches, in milliseconds.")
    var pauseMs: Int = 0

    @Option(help: "Unix time to stamp the runs with (default: now); a fixed past time makes a store whose screens do not change.")
    var at: Double?

    @Flag(help: "End with a batch marked final (`done N`).")
    var final = false

    func run() throws {
        let database: Store
        do { database = try Store(path: expandTilde(store)) } catch {
            printError("vigil-dev stress: \(error)")
            throw ExitCode(1)
        }
        guard let lock = CollectorLock(storePath: expandTilde(store)) else {
            printError("vigil-dev stress: another collector is already writing \(store)")
            throw ExitCode(1)
        }
        defer { withExtendedLifetime(lock) {} }
        let writer = StressWriter(store: database, runsPerBatch: max(1, runs), tasksPerRun: max(1, tasks))
        var next = try writer.lastBatch() + 1
        let started = Date()
        var written = 0
        func keepGoing() -> Bool {
            written < (batches ?? .max) && (duration == 0 || Date().timeIntervalSince(started) < duration)
        }
        while keepGoing() {
            try commit(writer, next, final: false)
            written += 1
            next += 1
            if pauseMs > 0 { usleep(useconds_t(pauseMs) * 1000) }
        }
        if final {
            try commit(writer, next, final: true)
            emit("done \(next)")
        }
    }

    private func commit(_ writer: StressWriter, _ batch: Int, final: Bool) throws {
        do { try writer.write(batch: batch, final: final, now: at.map(Date.init(timeIntervalSince1970:)) ?? Date()) } catch {
            printError("vigil-dev stress: write of batch \(batch) failed: \(error)")
            throw ExitCode(1)
        }
        // Only after the commit returned: a test counts every printed batch as durable.
        emit("committed \(batch)")
    }

    /// write(2) straight away, no stdio buffer: a SIGKILL must not lose a line for a batch already committed.
    private func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
