import Foundation
import VigilCollectors

/// What `vigil bench airflow` measured, as text for people, JSON for scripts, and the list of the full sync's
/// requests for replaying them outside Vigil.
public struct AirflowBenchmarkReport: Sendable {
    public struct Pass: Sendable {
        public var seconds: TimeInterval
        public var requests: Int
        /// Runs the pass read (updated since the previous pass, minus the overlap).
        public var runs: Int
    }

    public var url: String
    public var api: AirflowAPI
    public var concurrency: Int
    public var fullSync: TimeInterval
    public var full: AirflowPollSummary
    public var fullSyncRequests: [RecordingTransport.Exchange]
    public var incremental: [Pass]
    public var roundTrip: [TimeInterval]
    public var roundTripPath: String

    /// Time during the full sync with at least one request in flight; the rest is Vigil's own work (decoding,
    /// mapping, the store write) or waiting on itself.
    public var fullSyncHTTPBusy: TimeInterval {
        var busy = 0.0
        var reach = -Double.infinity
        for e in fullSyncRequests.sorted(by: { $0.start < $1.start }) {
            if e.end <= reach { continue }
            busy += e.end - max(e.start, reach)
            reach = e.end
        }
        return busy
    }

    /// The sum of every request's own time in the full sync.
    public var fullSyncRequestSeconds: TimeInterval { fullSyncRequests.map(\.seconds).reduce(0, +) }

    public var text: String {
        let times = incremental.map(\.seconds)
        let budget = 0.1 + Self.median(roundTrip)
        var lines = [
            "vigil bench airflow: \(url) (API \(api.rawValue)), at most \(concurrency) requests in flight",
            "full sync          \(Self.ms(fullSync))  \(fullSyncRequests.count) requests; HTTP busy "
                + "\(Self.ms(fullSyncHTTPBusy)), sum of request times \(Self.ms(fullSyncRequestSeconds)); stored "
                + "\(full.pipelines) DAGs, \(full.runs) runs, \(full.taskInstances) task instances",
            "incremental pass   min \(Self.ms(times.min() ?? 0))  median \(Self.ms(Self.median(times)))  "
                + "(\(incremental.count) passes; \(Self.span(incremental.map(\.requests))) requests and "
                + "\(Self.span(incremental.map(\.runs))) runs each)",
            "round trip         min \(Self.ms(roundTrip.min() ?? 0))  median \(Self.ms(Self.median(roundTrip)))  "
                + "(GET \(roundTripPath), \(roundTrip.count) times)",
            "incremental target 100 ms + one round trip = \(Self.ms(budget)): "
                + (Self.median(times) <= budget ? "met" : "missed") + " (median)",
        ]
        if !full.notes.isEmpty { lines.append("notes              " + full.notes.joined(separator: "; ")) }
        return lines.joined(separator: "\n")
    }

    /// Stable keys for scripts (scripts/bench-airflow); times in milliseconds.
    public func json() throws -> String {
        let times = incremental.map(\.seconds)
        let object: [String: Any] = [
            "url": url, "api": api.rawValue, "concurrency": concurrency,
            "full_sync_ms": fullSync * 1000, "full_sync_requests": fullSyncRequests.count,
            "full_sync_http_busy_ms": fullSyncHTTPBusy * 1000, "full_sync_request_sum_ms": fullSyncRequestSeconds * 1000,
            "pipelines": full.pipelines, "runs": full.runs, "task_instances": full.taskInstances,
            "incremental_ms": times.map { $0 * 1000 }, "incremental_min_ms": (times.min() ?? 0) * 1000,
            "incremental_median_ms": Self.median(times) * 1000,
            "incremental_requests": incremental.map(\.requests), "incremental_runs": incremental.map(\.runs),
            "round_trip_ms": roundTrip.map { $0 * 1000 }, "round_trip_min_ms": (roundTrip.min() ?? 0) * 1000,
            "round_trip_median_ms": Self.median(roundTrip) * 1000, "notes": full.notes,
            // For profiling: when each request of the full sync ran (path and query only; never a secret).
            "full_sync_timeline": fullSyncRequests.map { e -> [String: Any] in
                ["method": e.method, "path": e.url.path + (e.url.query.map { "?" + $0 } ?? ""),
                 "credentials": e.credentials.rawValue, "status": e.status ?? NSNull(), "bytes": e.bytes,
                 "start_ms": e.start * 1000, "end_ms": e.end * 1000]
            },
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys,
                                                                                 .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// One request per line, `METHOD URL CREDENTIALS`, in the order the full sync sent them. Never a token, a
    /// password or a body: `login` stands for "POST the username and password", `bearer` for "with the token".
    public var requestsFile: String {
        var lines = [
            "# The requests of vigil's full sync of \(url), in the order sent: METHOD URL CREDENTIALS",
            "# CREDENTIALS: login (POST {\"username\", \"password\"} as JSON), bearer (Authorization: Bearer <the login's",
            "# token>), basic (HTTP basic auth), none. No token, password or body is written here.",
            "# concurrency \(concurrency)",
        ]
        lines += fullSyncRequests.map { "\($0.method) \($0.url.absoluteString) \($0.credentials.rawValue)" }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Formatting

    static func median(_ values: [TimeInterval]) -> TimeInterval {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    static func ms(_ seconds: TimeInterval) -> String { String(format: "%.1f ms", seconds * 1000) }

    static func span(_ values: [Int]) -> String {
        guard let low = values.min(), let high = values.max() else { return "0" }
        return low == high ? "\(low)" : "\(low)-\(high)"
    }

    /// The base URL without user info or query, for output.
    static func display(_ url: URL) -> String {
        guard var parts = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "the Airflow" }
        parts.user = nil
        parts.password = nil
        parts.query = nil
        return parts.string ?? "the Airflow"
    }
}
