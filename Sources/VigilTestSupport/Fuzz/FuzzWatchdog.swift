import Foundation

/// Swift Testing's `.timeLimit` cannot interrupt synchronous code: a parser stuck in a loop keeps the test process
/// (and CI) busy long after the limit. The watchdog ends the process instead, after printing which case hung, so
/// a hang fails fast and can be replayed. Only a guard: no test asserts how long anything takes.
public enum FuzzWatchdog {
    /// Far above any case's normal cost, even in a debug build on a loaded machine.
    public static let limit: Duration = .seconds(300)

    private static let lock = NSLock()
    nonisolated(unsafe) private static var running: [Int: (label: String, started: ContinuousClock.Instant)] = [:]
    nonisolated(unsafe) private static var nextToken = 0
    nonisolated(unsafe) private static var thread: Thread?

    /// Runs one fuzz case under the watchdog.
    public static func guarding<T>(_ label: @autoclosure () -> String, _ body: () throws -> T) rethrows -> T {
        let token = start(label())
        defer { lock.withLock { _ = running.removeValue(forKey: token) } }
        return try body()
    }

    public static func guarding<T>(_ label: @autoclosure () -> String, _ body: () async throws -> T) async rethrows -> T {
        let token = start(label())
        defer { lock.withLock { _ = running.removeValue(forKey: token) } }
        return try await body()
    }

    private static func start(_ label: String) -> Int {
        lock.withLock {
            nextToken += 1
            running[nextToken] = (label, .now)
            if thread == nil {
                let watcher = Thread { watch() }
                watcher.name = "fuzz watchdog"
                watcher.start()
                thread = watcher
            }
            return nextToken
        }
    }

    private static func watch() {
        while true {
            Thread.sleep(forTimeInterval: 1)
            let hung = lock.withLock { running.values.first { $0.started.duration(to: .now) > limit } }
            if let hung {
                FileHandle.standardError.write(Data("fuzz case hung for more than \(limit): \(hung.label)\n".utf8))
                abort()
            }
        }
    }
}
