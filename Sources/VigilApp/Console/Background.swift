import Foundation
import VigilCollectors
import VigilConfig
import VigilStore

/// The one way background work is stopped: a flag that wakes whoever waits on it, set by `request()` or, when
/// asked for, by SIGINT/SIGTERM (`vigil collect`, `vigil demo --collector-only`). The console's own quit
/// signals are the terminal's (they must also restore the screen).
public final class StopSignal: @unchecked Sendable {
    private let condition = NSCondition()
    private var flag = false
    private var sources: [DispatchSourceSignal] = []

    public init(onInterrupt: Bool = false) {
        guard onInterrupt else { return }
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in self?.request() }
            source.resume()
            sources.append(source)
        }
    }

    public func request() {
        condition.lock()
        flag = true
        condition.broadcast()
        condition.unlock()
    }

    public var requested: Bool {
        condition.lock()
        defer { condition.unlock() }
        return flag
    }

    /// Sleeps up to `seconds`, or less when a stop is requested; true when it was.
    public func wait(_ seconds: TimeInterval) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if !flag { _ = condition.wait(until: Date().addingTimeInterval(seconds)) }
        return flag
    }

    public func waitUntilRequested() {
        condition.lock()
        while !flag { condition.wait() }
        condition.unlock()
    }
}

/// Work on its own thread until stopped; `stop()` asks and waits for it briefly.
public final class BackgroundThread: @unchecked Sendable {
    public let stopSignal = StopSignal()
    private let finished = DispatchSemaphore(value: 0)

    public init(name: String, _ body: @escaping @Sendable (StopSignal) -> Void) {
        let thread = Thread { [stopSignal, finished] in
            body(stopSignal)
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    public func stop(waiting seconds: TimeInterval = 5) {
        stopSignal.request()
        _ = finished.wait(timeout: .now() + seconds)
    }
}

/// Collectors run inside the console process when nobody else is collecting into its store.
/// Their log lines go to the log file, never to the terminal the console draws on.
public enum InProcessCollectors {
    /// Started when the configuration has sources and no other process holds the store's collector lock.
    public static func start(configuration: VigilConfiguration, storePath: String) -> BackgroundThread? {
        guard !configuration.sources.isEmpty,
              let lock = CollectorLock(storePath: storePath),
              let store = try? Store(path: storePath) else { return nil }
        let log = LogFile(nextTo: storePath)
        let runner = CollectorRunner(configuration: configuration, store: store) { log.write($0) }
        log.write("console runs \(runner.collectors.count) collectors in-process")
        return BackgroundThread(name: "vigil-collectors") { stop in
            do { try runner.declareDatasets() } catch { log.write("config datasets: \(error)") }
            runner.run(shouldStop: { stop.requested })
            withExtendedLifetime(lock) {}
        }
    }
}

/// Ticks the demo collector on a background thread: simulated time = start + elapsed real time × speed.
public enum DemoDriver {
    public static func start(_ collector: DemoCollector, speed: Double, log: LogFile) throws -> BackgroundThread {
        // On the caller's thread and this one (never a concurrency thread): waiting on the passes here is safe.
        try BlockingAsync.runThrowing {
            try await collector.backfill()
            try await collector.tick(to: collector.start)
        }
        let began = Date()
        let start = collector.start
        let detector = DemoDetection.detector(collector.store)
        return BackgroundThread(name: "vigil-demo") { stop in
            while !stop.wait(1.0) {
                let simNow = start.addingTimeInterval(Date().timeIntervalSince(began) * speed)
                do {
                    try BlockingAsync.runThrowing { try await collector.tick(to: simNow) }
                    // Vigil's detection over the simulated platform, as after a real collector pass.
                    for line in try detector.run(now: simNow) { log.write("incidents: " + line) }
                } catch { log.write("demo tick failed: \(error)") }
            }
        }
    }
}
