import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import VigilCollectors
import VigilServer
import VigilStore

/// `vigil-dev bench openlineage`: the receiver as emitters meet it. A `vigil serve` server (the same routes, auth and
/// store writes) on a free loopback port with a temporary store, posting RunEvents built from a captured
/// openlineage-python START: first at a fixed rate (open loop: each event leaves on schedule whether or not the last
/// one was answered), then as fast as `clients` concurrent clients go. Latency is POST to answer, so it includes the
/// store's commit. Client and server share the machine's cores.
public enum OpenLineageBenchmark {
    public struct Report: Sendable {
        public var fixedRate: Double
        public var fixed: Timings
        public var fixedSeconds: Double
        public var maxClients: Int
        public var max: Timings
        public var maxSeconds: Double
        public var stored: Int

        public var text: String {
            let target = fixed.p99 < 0.050 ? "meets" : "MISSES"
            return """
                openlineage receiver (POST /api/v1/lineage, one store transaction per event, loopback)
                fixed \(Int(fixedRate))/s:  \(String(format: "%.0f", Double(fixed.samples.count) / fixedSeconds)) events/s  \(fixed.line)
                  p99 \(String(format: "%.1f", fixed.p99 * 1000)) ms \(target) the target p99 < 50 ms at 200 events/s
                max, \(maxClients) clients: \(String(format: "%.0f", Double(max.samples.count) / maxSeconds)) events/s  \(max.line)
                stored runs: \(stored) of \(fixed.samples.count + max.samples.count) posted
                """
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    public static func run(rate: Double, seconds: Double, clients: Int, events: Int) async throws -> Report {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-bench-ol-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store(path: directory.appendingPathComponent("vigil.db").path)
        let token = UUID().uuidString
        let settings = ServerSettings(host: "127.0.0.1", port: 0, token: token, maxBodyBytes: 1 << 20)
        let routes: [any ServerRoutes] = [OpenLineageRoutes(intake: OpenLineageIntake(store: store), log: { _ in })]
        let (addresses, listening) = AsyncStream.makeStream(of: String.self)
        // Stopped by cancelling its task, which the server logs as errors: not shown.
        let server = Task {
            try await VigilHTTPServer.run(settings: settings, routes: routes, logLevel: .critical) { listening.yield($0) }
        }
        defer { server.cancel() }
        var iterator = addresses.makeAsyncIterator()
        guard let address = await iterator.next(), let url = URL(string: "http://\(address)/api/v1/lineage") else {
            throw Failure(description: "the server did not start")
        }
        let client = Client(url: url, token: token, clients: clients)

        // Fixed rate, open loop.
        let count = Int(rate * seconds)
        let start = Date()
        let fixed = try await withThrowingTaskGroup(of: Double.self) { group in
            for i in 0..<count {
                let due = start.addingTimeInterval(Double(i) / rate)
                let wait = due.timeIntervalSinceNow
                if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
                group.addTask { try await client.post(job: "fixed") }
            }
            var samples: [Double] = []
            for try await s in group { samples.append(s) }
            return samples
        }
        let fixedSeconds = Date().timeIntervalSince(start)

        // Max rate, closed loop.
        let maxStart = Date()
        let perClient = events / clients
        let maxSamples = try await withThrowingTaskGroup(of: [Double].self) { group in
            for c in 0..<clients {
                group.addTask {
                    var samples: [Double] = []
                    for _ in 0..<perClient { samples.append(try await client.post(job: "max_\(c)")) }
                    return samples
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all
        }
        let maxSeconds = Date().timeIntervalSince(maxStart)
        var stored = try store.runs(source: "bench", pipelineID: "fixed", limit: count + 1).count
        for c in 0..<clients { stored += try store.runs(source: "bench", pipelineID: "max_\(c)", limit: perClient + 1).count }
        return Report(fixedRate: rate, fixed: Timings("POST at \(Int(rate))/s", fixed), fixedSeconds: fixedSeconds,
                      maxClients: clients, max: Timings("POST, \(clients) clients", maxSamples),
                      maxSeconds: maxSeconds, stored: stored)
    }

    /// Posts one new START event of job `job` in namespace "bench" and returns how long the answer took.
    final class Client: Sendable {
        let url: URL
        let token: String
        let session: URLSession

        init(url: URL, token: String, clients: Int) {
            self.url = url
            self.token = token
            let configuration = URLSessionConfiguration.ephemeral
            configuration.httpMaximumConnectionsPerHost = Swift.max(clients, 16)
            session = URLSession(configuration: configuration)
        }

        func post(job: String) async throws -> Double {
            var request = URLRequest(url: url)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            request.httpBody = Data(OpenLineageBenchmark.event(job: job).utf8)
            let start = DispatchTime.now().uptimeNanoseconds
            let (_, response) = try await session.data(for: request)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            guard (response as? HTTPURLResponse)?.statusCode == 201 else {
                throw Failure(description: "answered \((response as? HTTPURLResponse)?.statusCode ?? -1)")
            }
            return seconds
        }
    }

    /// A START as openlineage-python 1.54 sends it (the captured ol-007 event's shape), with a new run id.
    static func event(job: String) -> String {
        let time = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!,
                                               formatOptions: [.withInternetDateTime, .withFractionalSeconds])
        return """
            {"eventTime": "\(time)", "eventType": "START", "inputs": [], "job": {"facets": {}, "name": "\(job)", \
            "namespace": "bench"}, "outputs": [], "producer": "https://github.com/vigil/bench", "run": {"facets": \
            {"tags": {"_producer": "https://github.com/OpenLineage/OpenLineage/tree/1.54.0/client/python", \
            "_schemaURL": "https://openlineage.io/spec/facets/1-0-0/TagsRunFacet.json#/$defs/TagsRunFacet", \
            "tags": [{"key": "openlineage_client_version", "source": "OPENLINEAGE_CLIENT", "value": "1.54.0"}]}}, \
            "runId": "\(UUID().uuidString.lowercased())"}, \
            "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}
            """
    }
}
