import Foundation
import VigilCollectors
import VigilConfig
import VigilStore

/// An Airflow deployment (REST API v2 or v1). Its poll is async; the runner's thread waits for it,
/// and the next poll comes after the collector's own backoff-aware delay.
final class AirflowSourceCollector: SourceCollector {
    let name: String
    private let collector: AirflowCollector
    private var delay: TimeInterval

    init(config: SourceConfig, collector: AirflowCollector) {
        name = config.name
        delay = config.interval
        self.collector = collector
    }

    var interval: TimeInterval { delay }

    func poll() -> String {
        let collector = self.collector
        let outcome = BlockingAsync.run { () -> (AirflowPollResult, TimeInterval) in
            let result = await collector.poll()
            return (result, await collector.nextDelay)
        }
        delay = outcome.1
        switch outcome.0 {
        case .updated(let s):
            let notes = s.notes.isEmpty ? "" : " (" + s.notes.joined(separator: "; ") + ")"
            return "\(name): \(s.health.rawValue), \(s.pipelines) DAGs, \(s.runs) runs, \(s.taskInstances) task instances\(notes)"
        case .failed(let error): return "\(name): \(error); next try in \(Int(delay))s"
        case .storeFailed(let reason): return "\(name): could not write the store: \(reason)"
        }
    }
}

/// Waits on the calling (non-async) thread for an async operation.
public enum BlockingAsync {
    public static func run<T: Sendable>(_ operation: @escaping @Sendable () async -> T) -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.value = await operation()
            done.signal()
        }
        done.wait()
        return box.value!
    }

    /// The same for an operation that throws: its error is thrown here.
    static func runThrowing<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        try run { () async -> Result<T, any Error> in
            do { return .success(try await operation()) } catch { return .failure(error) }
        }.get()
    }

    private final class Box<T>: @unchecked Sendable {
        var value: T?
    }
}
