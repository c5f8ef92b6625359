import Foundation
import VigilApp
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import VigilCollectors
import VigilStore

/// `vigil bench airflow`: syncs a real Airflow into a fresh store and times it. The full sync is the first pass
/// (login, every DAG, every run in the initial lookback, task instances of failed and running runs, health, import
/// errors, assets); then `passes` incremental passes that should find nothing new; then the round trip of one
/// GET /api/vN/version through the same transport. Every request of the full sync is recorded (never a secret), so a
/// script can replay them directly for the floor.
public struct AirflowBenchmark: Sendable {
    public var settings: AirflowSettings
    public var passes: Int
    public var roundTrips: Int

    public init(settings: AirflowSettings, passes: Int = 5, roundTrips: Int = 10) {
        self.settings = settings
        self.passes = max(1, passes)
        self.roundTrips = max(1, roundTrips)
    }

    public func run() async throws -> AirflowBenchmarkReport {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // A store on disk, like `vigil collect` writes: the store's share of the time is part of the figure.
        let store = try Store(path: directory.appendingPathComponent("vigil.db").path)
        let transport = RecordingTransport(URLSessionTransport(timeout: settings.requestTimeout,
                                                               maxBodyBytes: settings.maxBodyBytes,
                                                               maxConnections: settings.maxConcurrentRequests))
        let collector = AirflowCollector(store: store, settings: settings, transport: transport)

        transport.reset()
        let (fullTime, full) = try await timed { try Self.updated(await collector.collect(), pass: "the full sync") }
        let fullRequests = transport.exchanges

        var incremental: [AirflowBenchmarkReport.Pass] = []
        for n in 1...passes {
            transport.reset()
            let (time, summary) = try await timed { try Self.updated(await collector.collect(), pass: "incremental pass \(n)") }
            incremental.append(.init(seconds: time, requests: transport.exchanges.count, runs: summary.runs))
        }

        var request = URLRequest(url: Self.versionURL(settings.baseURL, api: full.api))
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("vigil", forHTTPHeaderField: "User-Agent")
        var roundTrip: [TimeInterval] = []
        for _ in 0..<roundTrips {
            let (time, response) = try await timed { try await transport.inner.send(request) }
            guard response.status == 200 else {
                throw AirflowBenchmarkError("GET \(request.url!.path) answered HTTP \(response.status)")
            }
            roundTrip.append(time)
        }

        return AirflowBenchmarkReport(url: AirflowBenchmarkReport.display(settings.baseURL), api: full.api,
                                      concurrency: settings.maxConcurrentRequests, fullSync: fullTime, full: full,
                                      fullSyncRequests: fullRequests, incremental: incremental, roundTrip: roundTrip,
                                      roundTripPath: request.url!.path)
    }

    /// `run()` for a synchronous caller (the command line).
    public func runBlocking() throws -> AirflowBenchmarkReport {
        let benchmark = self
        return try BlockingAsync.run { () -> Result<AirflowBenchmarkReport, any Error> in
            do { return .success(try await benchmark.run()) } catch { return .failure(error) }
        }.get()
    }

    // MARK: - Helpers

    private func timed<T>(_ body: () async throws -> T) async rethrows -> (TimeInterval, T) {
        let start = ContinuousClock.now
        let value = try await body()
        let elapsed = start.duration(to: .now)
        return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, value)
    }

    private static func updated(_ result: AirflowPollResult, pass: String) throws -> AirflowPollSummary {
        switch result {
        case let .updated(summary): return summary
        case let .failed(error): throw AirflowBenchmarkError("\(pass) failed: \(error)")
        case let .storeFailed(reason): throw AirflowBenchmarkError("\(pass) failed: could not write the store: \(reason)")
        case .unchanged: throw AirflowBenchmarkError("\(pass) wrote nothing")
        }
    }

    static func versionURL(_ base: URL, api: AirflowAPI) -> URL {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return URL(string: text + "/api/\(api.rawValue)/version")!
    }
}

/// Why a benchmark stopped; the text never holds a secret (collector errors are scrubbed).
public struct AirflowBenchmarkError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
