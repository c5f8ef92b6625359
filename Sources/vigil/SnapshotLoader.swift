import Foundation
import VigilUI

/// Reads store changes on a background thread, so the UI thread never waits for a snapshot: at 20,000 datasets
/// one takes a noticeable fraction of a second, and keys must keep answering meanwhile.
final class SnapshotLoader: @unchecked Sendable {
    private let source: any ConsoleDataSource & Sendable
    private let queue = DispatchQueue(label: "vigil.snapshot-loader", qos: .userInitiated)
    // Guards `inFlight` and `finished`, shared between the UI thread and the queue.
    private let lock = NSLock()
    private var inFlight = false
    private var finished: Result<ConsoleData, Error>?

    init(source: any ConsoleDataSource & Sendable) { self.source = source }

    var isLoading: Bool { lock.withLock { inFlight } }

    /// Starts a read unless one is running.
    func start(_ request: ConsoleData.Request) {
        let started = lock.withLock { () -> Bool in
            guard !inFlight else { return false }
            inFlight = true
            return true
        }
        guard started else { return }
        queue.async { [self] in
            let result = Result { try ConsoleData.load(request, from: source) }
            lock.withLock {
                finished = result
                inFlight = false
            }
        }
    }

    /// The finished read, once.
    func take() -> Result<ConsoleData, Error>? {
        lock.withLock {
            defer { finished = nil }
            return finished
        }
    }
}
