import Foundation

/// At most `limit` requests in flight to one Airflow, however the collector fans out: an API server under
/// incident load should not get a burst from its monitor.
actor AirflowLimiter {
    private let limit: Int
    private var inUse = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = max(1, limit) }

    func acquire() async {
        if inUse < limit {
            inUse += 1
            return
        }
        // The permit is handed over by release(), so inUse stays as it is.
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            inUse -= 1
        } else {
            waiters.removeFirst().resume()
        }
    }

    func withPermit<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }
}
