import Foundation
import Testing
import VigilCollectors
import VigilCore
import VigilStore
import VigilTestSupport

/// Whole passes against a Prefect whose answer on one endpoint is a mutated capture (or a mutated error body with an
/// error status): the pass never crashes or hangs, and a refused answer is never silent. A core read (flows,
/// deployments, runs) refused fails the pass, an optional one (task runs, pools, queues) is a problem; either way the
/// message names the source and the endpoint, in the result and in the store.
@Suite(.timeLimit(.minutes(5))) struct PrefectCollectorFuzzTests {
    typealias F = PrefectFixtures
    /// Endpoints a pass reads, with the capture each answers with and whether the pass needs it.
    static let endpoints: [(path: String, file: String, core: Bool)] = [
        ("/api/flows/filter", "flows_filter.json", true),
        ("/api/deployments/filter", "deployments_filter.json", true),
        ("/api/flow_runs/filter", "flow_runs_filter_recent.json", true),
        ("/api/task_runs/filter", "task_runs_filter.json", false),
        ("/api/work_pools/filter", "work_pools_filter.json", false),
        ("/api/work_queues/filter", "work_queues_filter.json", false),
    ]
    static let errorStatuses = [400, 401, 403, 404, 422, 500, 503]

    @Test func passesOverMutatedAnswersFailOrDegradeNamingTheEndpoint() async throws {
        let bodies = try FuzzSettings.seeds(in: F.root) { name in Self.endpoints.contains { $0.file == name } }
        let errors = try FuzzSettings.seeds(in: F.root) { $0.hasPrefix("error_") }
        var mutator = Mutator(seed: FuzzSettings.seed, format: .json)
        var rng = SplitMix64(seed: FuzzSettings.seed)

        for round in 0..<FuzzSettings.count(120) {
            let (path, file, core) = Self.endpoints[round % Self.endpoints.count]
            let asError = round % 3 == 2
            let status = asError ? rng.pick(Self.errorStatuses) : 200
            let seed = asError ? rng.pick(errors) : try #require(bodies.first { $0.name == file })
            let fuzzCase = mutator.mutate(seed.bytes, name: "\(path) answering \(status) with \(seed.name)")
            let healthy = F.route()
            let transport = ReplayTransport { sent in
                sent.path == path ? HTTPResponse(status: status, body: fuzzCase.data) : try healthy(sent)
            }
            let store = try TestStore.fresh()
            let collector = PrefectCollector(store: store, settings: PrefectCollectorTests.settings(), transport: transport,
                                             clock: { F.capturedAt })
            let result = await collector.collect()
            let stored = try #require(try store.snapshot(now: F.capturedAt).sources.first, "\(fuzzCase.label)")
            let refused = asError || !Self.decodes(fuzzCase.data, file: file)
            let endpoint = String(path.dropFirst("/api".count))

            switch result {
            case let .failed(error):
                #expect(refused && core, "\(fuzzCase.label): \(error)")
                #expect(stored.health == .down && stored.lastError == error.description, "\(fuzzCase.label)")
                expectNamesInput(error.description, source: PrefectCollectorTests.source, endpoint: endpoint, fuzzCase)
            case let .updated(summary):
                #expect(stored.health == summary.health, "\(fuzzCase.label)")
                #expect(!(refused && core), "\(fuzzCase.label): a refused core read did not fail the pass")
                if refused {
                    #expect(summary.health == .degraded && summary.problems.contains { $0.contains(endpoint) },
                            "\(fuzzCase.label) -> \(summary.problems)")
                }
                #expect(stored.lastError.map(TextSanitizer.isClean) ?? true, "\(fuzzCase.label)")
            case let .storeFailed(message):
                Issue.record("\(fuzzCase.label): the store refused a pass: \(message)")
            case .unchanged:
                Issue.record("\(fuzzCase.label): a Prefect pass is never unchanged")
            }
        }
    }

    /// Whether the collector would accept this body as the answer of the endpoint captured in `file`.
    private static func decodes(_ data: Data, file: String) -> Bool {
        do {
            switch file {
            case "flows_filter.json": _ = try AirflowJSON.decode([PrefectFlow].self, from: data)
            case "deployments_filter.json": _ = try AirflowJSON.decode([PrefectDeployment].self, from: data)
            case "flow_runs_filter_recent.json": _ = try AirflowJSON.decode([PrefectFlowRun].self, from: data)
            case "task_runs_filter.json": _ = try AirflowJSON.decode([PrefectTaskRun].self, from: data)
            case "work_pools_filter.json": _ = try AirflowJSON.decode([PrefectWorkPool].self, from: data)
            default: _ = try AirflowJSON.decode([PrefectWorkQueue].self, from: data)
            }
            return true
        } catch {
            return false
        }
    }
}
