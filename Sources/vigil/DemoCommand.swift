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
        let driver = DemoDriver(collector: DemoCollector(store: database, seed: seed, start: Date()), speed: speed, log: log)
        do { try driver.start() } catch {
            printError("vigil demo: could not start the simulation: \(error)")
            throw ExitCode(1)
        }
        if collectorOnly {
            print("vigil demo: writing a simulated platform to \(path) at \(speed)x; Ctrl-C stops.")
            driver.waitForInterrupt()
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

/// Ticks the demo collector on a background thread: simulated time = start + elapsed real time × speed.
final class DemoDriver: @unchecked Sendable {
    private let collector: DemoCollector
    private let speed: Double
    private let log: LogFile
    private let stopped = NSCondition()
    private var isStopped = false

    init(collector: DemoCollector, speed: Double, log: LogFile) {
        self.collector = collector
        self.speed = speed
        self.log = log
    }

    func start() throws {
        try collector.backfill()
        let began = Date()
        let start = collector.start
        try collector.tick(to: start)
        let detector = DemoDetection.detector(collector.store)
        let thread = Thread { [self] in
            while !self.shouldStop(afterWaiting: 1.0) {
                let simNow = start.addingTimeInterval(Date().timeIntervalSince(began) * self.speed)
                do {
                    try self.collector.tick(to: simNow)
                    // Vigil's detection over the simulated platform, as after a real collector pass.
                    for line in try detector.run(now: simNow) { self.log.write("incidents: " + line) }
                } catch { self.log.write("demo tick failed: \(error)") }
            }
        }
        thread.name = "vigil-demo"
        thread.start()
    }

    func stop() {
        stopped.lock()
        isStopped = true
        stopped.broadcast()
        stopped.unlock()
    }

    /// Blocks until SIGINT or SIGTERM.
    func waitForInterrupt() {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let queue = DispatchQueue(label: "vigil-demo-signals")
        let sources = [SIGINT, SIGTERM].map { DispatchSource.makeSignalSource(signal: $0, queue: queue) }
        for source in sources {
            source.setEventHandler { [self] in self.stop() }
            source.resume()
        }
        stopped.lock()
        while !isStopped { stopped.wait() }
        stopped.unlock()
    }

    private func shouldStop(afterWaiting seconds: TimeInterval) -> Bool {
        stopped.lock()
        defer { stopped.unlock() }
        if !isStopped { _ = stopped.wait(until: Date().addingTimeInterval(seconds)) }
        return isStopped
    }
}
