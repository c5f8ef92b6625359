import Foundation

/// What the HTTP kinds (Airflow, Dagster, Prefect) share around their reads: one deadline for a whole pass, and reads
/// whose failure costs a note rather than the pass. A kind's client throws only its own error type, so anything else
/// reaching here is a cancellation (the deadline passed), which the kind names in its own terms.
enum PassDeadline {
    /// `body`'s value, or the error `timedOut` makes once `seconds` have passed (`body` is cancelled).
    static func run<T: Sendable>(seconds: Double, timedOut: @escaping @Sendable () -> any Error,
                                 _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw timedOut() }
            return value
        }
    }

    /// `body`'s result, with its error as the kind's `E`; an error of another type (a cancellation) is `cancelled`.
    static func attempt<T: Sendable, E: Error>(_ body: @Sendable () async throws -> T,
                                               cancelled: @autoclosure () -> E) async -> Result<T, E> {
        do {
            return .success(try await body())
        } catch let error as E {
            return .failure(error)
        } catch {
            return .failure(cancelled())
        }
    }
}
