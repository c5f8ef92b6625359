import Foundation
import Testing
import VigilCollectors
import VigilCore
import VigilStore
import VigilTestSupport

/// Whole passes against an Airflow 3 whose answer on one endpoint is a mutated capture (or a mutated error body
/// with an error status): the pass never crashes or hangs, and a refused answer is never silent. The source is
/// down or degraded with a message naming the endpoint, in the poll result and in the store.
@Suite(.timeLimit(.minutes(5))) struct AirflowCollectorFuzzTests {
    /// Endpoints a pass reads, with the capture each answers with.
    static let endpoints: [(path: String, file: String)] = [
        ("/api/v2/dags", "dags.json"),
        ("/api/v2/dags/~/dagRuns", "dag_runs_all_get.json"),
        ("/api/v2/dags/customer_sync/dagRuns/\(AirflowFixtures.manualCustomerSyncPath)/taskInstances",
         "task_instances_customer_sync_failed.json"),
        ("/api/v2/monitor/health", "monitor_health.json"),
        ("/api/v2/importErrors", "import_errors.json"),
        ("/api/v2/assets/events", "asset_events.json"),
        ("/api/v2/assets", "assets.json"),
    ]
    static let errorStatuses = [400, 401, 403, 404, 422, 500, 503]

    @Test func passesOverMutatedAnswersFailOrDegradeNamingTheEndpoint() async throws {
        let directory = AirflowFixtures.root.appendingPathComponent("airflow-3.3.2")
        let bodies = try FuzzSettings.seeds(in: directory) { name in Self.endpoints.contains { $0.file == name } }
        let errors = try FuzzSettings.seeds(in: directory) { $0.hasPrefix("error_") }
        var mutator = Mutator(seed: FuzzSettings.seed, format: .json)
        let start = dbtUTC("2026-11-26T21:30:00Z")
        var rng = SplitMix64(seed: FuzzSettings.seed)

        for round in 0..<FuzzSettings.count(120) {
            let (path, file) = Self.endpoints[round % Self.endpoints.count]
            // One round in three answers with an error status and a broken error body.
            let asError = round % 3 == 2
            let status = asError ? rng.pick(Self.errorStatuses) : 200
            let seed = asError ? rng.pick(errors) : try #require(bodies.first { $0.name == file })
            let fuzzCase = mutator.mutate(seed.bytes, name: "\(path) answering \(status) with \(seed.name)")

            let healthy = airflow3(requireToken: false)
            let transport = ReplayTransport { sent in
                sent.path == path ? HTTPResponse(status: status, body: fuzzCase.data) : try healthy(sent)
            }
            let store = try TestStore.fresh()
            let collector = AirflowCollector(store: store, settings: airflowSettings(), transport: transport,
                                             clock: { start })
            let result = await collector.collect()
            let stored = try #require(try store.snapshot(now: start).sources.first, "\(fuzzCase.label)")

            switch result {
            case let .failed(error):
                #expect(stored.health == .down && stored.lastError == error.description, "\(fuzzCase.label)")
                expectNamesInput(error.description, source: "prod-airflow", endpoint: path, fuzzCase)
            case let .updated(summary):
                #expect(stored.health == summary.health, "\(fuzzCase.label)")
                let refused = asError || transport.count("GET", path) > 0 && !decodes(fuzzCase.data, file: file, path: path)
                if refused {
                    // A read that did not succeed is a note naming it, and the source is not "ok".
                    #expect(summary.health == .degraded && stored.lastError?.isEmpty == false, "\(fuzzCase.label)")
                    #expect(summary.notes.contains { $0.contains(path) }, "\(fuzzCase.label) -> \(summary.notes)")
                }
            case let .storeFailed(message):
                Issue.record("\(fuzzCase.label): the store refused a pass: \(message)")
            case .unchanged:
                Issue.record("\(fuzzCase.label): an Airflow pass is never unchanged")
            }
        }
    }

    /// Whether the collector would accept this body for this endpoint on its own.
    private func decodes(_ data: Data, file: String, path: String) -> Bool {
        guard let reader = AirflowFuzzTests.reader(v2: file) else { return true }
        do {
            try reader.read(data)
            return true
        } catch {
            return false
        }
    }
}
