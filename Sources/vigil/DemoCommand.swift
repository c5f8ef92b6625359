import ArgumentParser
import Foundation
import VigilApp
import VigilConfig
import VigilCollectors
import VigilStore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Simulate a data platform into a demo store and open the console on it.",
        discussion: """
        About 40 pipelines over two orchestrators and 120 datasets, with a scripted story: customer_sync \
        starts failing, the tier-1 table raw.customers goes stale, an incident opens with a runbook attached. \
        Other consoles can watch the same store: vigil console --store PATH.
        """
    )

    @Option(name: .long, help: "Path of the demo store (default: $XDG_STATE_HOME/vigil/demo.db). It is reset on start.")
    var store: String?

    @Option(help: "Simulated seconds per real second.")
    var speed: Double = 10

    @Option(help: "Seed of the simulation.")
    var seed: UInt64 = 42

    @Flag(name: .long, help: "Only run the demo collector (no console), e.g. to watch it from other consoles.")
    var collectorOnly = false

    @OptionGroup var themeOptions: ThemeOptions

    @Option(help: "Pane to open first: health, freshness, incidents, runbook.")
    var pane: String = "health"

    func validate() throws {
        guard speed > 0, speed <= 10_000 else { throw ValidationError("--speed must be between 0 and 10000") }
    }

    func run() throws {
        let path = store.map(expandTilde)
            ?? URL(fileURLWithPath: Store.defaultPath()).deletingLastPathComponent().appendingPathComponent("demo.db").path
        let database: Store
        do {
            try DemoStoreReset.prepare(path: path)
            database = try Store(path: path)
        } catch {
            printError("vigil demo: \(error)")
            throw ExitCode(1)
        }
        let log = LogFile(nextTo: path)
        let driver: BackgroundThread
        do { driver = try DemoDriver.start(DemoCollector(store: database, seed: seed, start: Date()), speed: speed, log: log) } catch {
            printError("vigil demo: could not start the simulation: \(error)")
            throw ExitCode(1)
        }
        if collectorOnly {
            print("vigil demo: writing a simulated platform to \(database.location) at \(speed)x; Ctrl-C stops.")
            StopSignal(onInterrupt: true).waitUntilRequested()
            driver.stop()
            return
        }
        defer { driver.stop() }
        // The demo store is a sandbox: incident keys work, recorded as the login name.
        try openConsole(storePath: path, readOnly: false, actor: VigilConfiguration().actor(), theme: themeOptions.name(nil), pane: pane)
    }
}

/// The demo owns its store: it starts from an empty file, but never wipes a store that holds real data.
enum DemoStoreReset {
    static func prepare(path: String) throws {
        if Store.isPostgres(path) {
            // A team database is emptied only when it holds a demo (or nothing yet).
            let store = try Store(path: path)
            guard try store.meta("demo") == "1" || store.snapshot().sources.isEmpty else {
                throw ValidationError("\(store.location) holds real data, not a demo; pass another --store for the demo")
            }
            try store.emptyEveryTable()
            return
        }
        guard FileManager.default.fileExists(atPath: path) else { return }
        let existing = try Store(path: path, readOnly: true)
        guard try existing.meta("demo") == "1" else {
            throw ValidationError("\(path) holds real data, not a demo; pass another --store for the demo")
        }
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}
