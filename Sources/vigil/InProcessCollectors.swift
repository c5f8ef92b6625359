import Foundation
import VigilApp
import VigilConfig
import VigilStore

/// Collectors run inside the console process when nobody else is collecting into its store.
/// Their log lines go to the log file, never to the terminal the console draws on.
final class InProcessCollectors: @unchecked Sendable {
    private let lock: CollectorLock
    private let stopLock = NSLock()
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)

    private init(lock: CollectorLock) { self.lock = lock }

    static func start(configuration: VigilConfiguration, storePath: String) -> InProcessCollectors? {
        guard !configuration.sources.isEmpty,
              let lock = CollectorLock(storePath: storePath),
              let store = try? Store(path: storePath) else { return nil }
        let log = LogFile(nextTo: storePath)
        let handle = InProcessCollectors(lock: lock)
        let runner = CollectorRunner(configuration: configuration, store: store) { log.write($0) }
        let thread = Thread {
            do { try runner.declareDatasets() } catch { log.write("config datasets: \(error)") }
            runner.run(shouldStop: { handle.isStopped })
            handle.finished.signal()
        }
        thread.name = "vigil-collectors"
        thread.start()
        log.write("console runs \(runner.collectors.count) collectors in-process")
        return handle
    }

    private var isStopped: Bool {
        stopLock.lock()
        defer { stopLock.unlock() }
        return stopped
    }

    /// Asks the collectors to finish their current poll and waits for them briefly.
    func stop() {
        stopLock.lock()
        stopped = true
        stopLock.unlock()
        _ = finished.wait(timeout: .now() + 5)
        withExtendedLifetime(lock) {}
    }
}
