import Foundation

/// Runs blocking code (a call that waits on async work, like the console's effect runner makes) on a thread of its
/// own and awaits its result. Blocking the threads of Swift's concurrency pool instead, where tests run, could starve
/// the very work the call waits for.
public enum OwnThread {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }
}
