import ArgumentParser
import Foundation
import VigilApp
import VigilDevTools
import VigilStore
import VigilTerminal
import VigilUI

/// `vigil-dev bench generate`: writes a large platform into a new store for the other benchmarks.
struct GenerateBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a large platform (2,000 pipelines, 30 days of runs, 20,000 datasets, 200 incidents) into a new store."
    )

    @Option(help: "Path of the store to create (must not exist).")
    var store: String
    @Option var pipelines = 2_000
    @Option var datasets = 20_000
    @Option var days = 30
    @Option var incidents = 200

    func run() throws {
        guard !FileManager.default.fileExists(atPath: store) else {
            throw ValidationError("\(store) exists; the benchmark store must be new")
        }
        var platform = LargePlatform()
        platform.pipelines = max(1, pipelines)
        platform.datasets = max(1, datasets)
        platform.days = max(2, days)
        platform.incidents = max(0, incidents)
        let target = try Store(path: store)
        let start = Date()
        var lastLine = Date.distantPast
        try platform.write(into: target) { what, done, total in
            if Date().timeIntervalSince(lastLine) > 5 || done == total {
                printError("generate: \(what) \(done)/\(total) (\(Int(Date().timeIntervalSince(start))) s)")
                lastLine = Date()
            }
        }
        print("generated \(platform.pipelines) pipelines, \(platform.datasets) datasets, \(platform.incidents) incidents "
              + "over \(platform.days) days in \(String(format: "%.1f", Date().timeIntervalSince(start))) s: \(store)")
    }
}

/// `vigil-dev bench console`: frame times per pane, scrolling and filtering, with ncurses flushing to /dev/null.
struct ConsoleBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Frame times (view model + cell buffer + ncurses flush) of every pane on a store, at 120x40 and 240x70, and from action keys to the next frame.",
        discussion: "The action keys acknowledge incidents and add notes: run it on a copy of the store."
    )

    @Option(help: "Store to use, a copy: the action keys write to it (see `vigil-dev bench generate`).")
    var store: String
    @Option(help: "Frames per measurement.")
    var frames = 200

    func run() throws {
        let source = try Store(path: store)
        let terminal = try NcursesTerminal.offscreen(theme: ThemeLoader.builtinDefault, width: 120, height: 40)
        var bench = ConsoleBenchmark(store: source)
        bench.frames = max(1, frames)
        let figures = try bench.run(backend: .init(flush: terminal.flush, resize: terminal.resize))
        terminal.shutdown()
        print("frame times: key press + view model + draw + ncurses flush (to /dev/null, TERM=xterm-256color)")
        for t in figures { print("  " + t.line) }
    }
}

/// `vigil-dev bench store`: query time behind each pane, and ingest rates for run updates and freshness observations.
struct StoreBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Query time behind each pane, then ingest rates (writes into the store: use a copy)."
    )

    @Option(help: "Store to read and write (see `vigil-dev bench generate`).")
    var store: String
    @Option(help: "Run updates to ingest.")
    var runUpdates = 100_000
    @Option(help: "Detection passes to time (0: none; at 100,000 datasets a pass takes minutes).")
    var detectionPasses = 5

    func run() throws {
        let target = try Store(path: store)
        let bench = StoreBenchmark(store: target, reopen: { [store] in try Store(path: store) })
        // Each figure as it is measured, also into a file (print's buffer would hold them to the end).
        func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
        say("queries:")
        try bench.queries(detectionPasses: detectionPasses) { say("  " + $0.line) }
        let memory = try bench.snapshotMemory()
        print(String(format: "  snapshot held in memory: %.1f MB, %d bytes per dataset (%d datasets)",
                     Double(memory.bytes) / 1_048_576, memory.bytes / max(1, memory.datasets), memory.datasets))
        let ingest = try bench.ingest(runUpdates: runUpdates)
        print("ingest:")
        print(String(format: "  %d run updates in %.2f s: %.0f updates/s (transactions of 500)", ingest.runUpdates,
                     ingest.runSeconds, Double(ingest.runUpdates) / max(ingest.runSeconds, 1e-9)))
        print(String(format: "  %d freshness observations in one pass: %.2f s, %.0f observations/s", ingest.freshnessObservations,
                     ingest.freshnessSeconds, Double(ingest.freshnessObservations) / max(ingest.freshnessSeconds, 1e-9)))
    }
}
