import Foundation

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
    public static func runThrowing<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        try run { () async -> Result<T, any Error> in
            do { return .success(try await operation()) } catch { return .failure(error) }
        }.get()
    }

    private final class Box<T>: @unchecked Sendable {
        var value: T?
    }
}
