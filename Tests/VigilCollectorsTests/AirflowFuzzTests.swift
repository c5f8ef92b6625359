import Foundation
import Testing
import VigilCollectors
import VigilCore
import VigilTestSupport

/// Mutated copies of every captured Airflow answer, decoded and mapped as the collector does: each one is
/// read, or refused with an `AirflowError` that names the source and the endpoint. Never a crash or a hang.
@Suite(.timeLimit(.minutes(5))) struct AirflowFuzzTests {
    static let source = "prod-airflow"

    /// How one captured file is read: the endpoint it answers and what the collector does with its body.
    struct Reader {
        let endpoint: String
        let read: @Sendable (Data) throws(AirflowError) -> Void
    }

    /// Decodes a body as `type`, as the client does for `endpoint`, then maps it as the collector does.
    static func reader<T: Decodable>(_ type: T.Type, _ endpoint: String,
                                     map: @escaping @Sendable (T) -> Void = { _ in }) -> Reader {
        Reader(endpoint: endpoint) { data throws(AirflowError) in
            map(try AirflowJSON.decode(type, from: data, source: source, endpoint: endpoint))
        }
    }

    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    static func reader(v2 file: String) -> Reader? {
        switch file {
        case "version.json": return reader(AirflowVersion.self, "/api/v2/version")
        case "monitor_health.json":
            return reader(AirflowHealth.self, "/api/v2/monitor/health") { _ = AirflowMapping.healthNotes($0) }
        case _ where file.hasPrefix("dags"):
            return reader(AirflowV2.DAGCollection.self, "/api/v2/dags") { page in
                for dag in page.dags { _ = PipelineHealth.of(AirflowMapping.dag(dag, source: source).pipeline, recentRuns: [], now: now) }
            }
        case _ where file.hasPrefix("dag_runs"):
            return reader(AirflowV2.DAGRunCollection.self, "/api/v2/dags/~/dagRuns") { page in
                for run in page.dagRuns { _ = AirflowMapping.run(run, source: source).id }
            }
        case _ where file.hasPrefix("task_instances"):
            return reader(AirflowV2.TaskInstanceCollection.self, "/api/v2/dags/customer_sync/dagRuns/run/taskInstances") { page in
                for ti in page.taskInstances { _ = AirflowMapping.taskInstance(ti, source: source).id }
            }
        case "import_errors.json":
            return reader(AirflowImportErrorCollection.self, "/api/v2/importErrors") { _ = AirflowMapping.importErrorNote($0) }
        case "asset_events.json":
            return reader(AirflowV2.AssetEventCollection.self, "/api/v2/assets/events") {
                _ = AirflowMapping.freshnessSamples($0.assetEvents, observedAt: now)
            }
        case "assets.json":
            return reader(AirflowV2.AssetCollection.self, "/api/v2/assets") { _ = AirflowMapping.lineage($0.assets, source: source) }
        case _ where file.hasPrefix("dag_tasks"):
            return reader(AirflowTaskCollection.self, "/api/v2/dags/customer_sync/tasks") { _ = AirflowMapping.taskOrder($0.tasks) }
        case _ where file.hasPrefix("task_log"):
            return reader(AirflowV2.TaskLog.self, "/api/v2/dags/d/dagRuns/r/taskInstances/t/logs/1") { log in
                // The error a task printed is bounded before it reaches the store, whatever the log holds.
                if let error = AirflowMapping.taskError(log) { #expect(error.utf8.count <= AirflowMapping.maxTaskErrorBytes) }
            }
        default:
            return nil
        }
    }

    static func reader(v1 file: String) -> Reader? {
        switch file {
        case "version.json": return reader(AirflowVersion.self, "/api/v1/version")
        case "health.json": return reader(AirflowHealth.self, "/api/v1/health") { _ = AirflowMapping.healthNotes($0) }
        case "dags.json":
            return reader(AirflowV1.DAGCollection.self, "/api/v1/dags") { page in
                for dag in page.dags { _ = PipelineHealth.of(AirflowMapping.dag(dag, source: source).pipeline, recentRuns: [], now: now) }
            }
        case _ where file.hasPrefix("dag_runs"):
            return reader(AirflowV1.DAGRunCollection.self, "/api/v1/dags/~/dagRuns") { page in
                for run in page.dagRuns { _ = AirflowMapping.run(run, source: source).id }
            }
        case _ where file.hasPrefix("task_instances"):
            return reader(AirflowV1.TaskInstanceCollection.self, "/api/v1/dags/customer_sync/dagRuns/manual_cs_1/taskInstances") { page in
                for ti in page.taskInstances { _ = AirflowMapping.taskInstance(ti, runID: "manual_cs_1", source: source).id }
            }
        case "import_errors.json":
            return reader(AirflowImportErrorCollection.self, "/api/v1/importErrors") { _ = AirflowMapping.importErrorNote($0) }
        case "dataset_events.json":
            return reader(AirflowV1.DatasetEventCollection.self, "/api/v1/datasets/events") {
                _ = AirflowMapping.freshnessSamples($0.datasetEvents, observedAt: now)
            }
        case _ where file.hasPrefix("dag_tasks"):
            return reader(AirflowTaskCollection.self, "/api/v1/dags/vigil2_retry_fail/tasks") { _ = AirflowMapping.taskOrder($0.tasks) }
        case "datasets.json":
            return reader(AirflowV1.DatasetCollection.self, "/api/v1/datasets") { _ = AirflowMapping.lineage($0.datasets, source: source) }
        default:
            return nil
        }
    }

    /// Every captured answer with its reader; the error bodies are fuzzed separately (they are read leniently).
    static func targets(_ version: String, _ reader: (String) -> Reader?) throws -> [(seed: (name: String, bytes: [UInt8]), reader: Reader)] {
        try FuzzSettings.seeds(in: AirflowFixtures.root.appendingPathComponent(version)) { $0.hasSuffix(".json") }
            .compactMap { seed in reader(seed.name).map { (seed, $0) } }
    }

    @Test(arguments: ["airflow-3.3.2", "airflow-2.10.5"])
    func mutatedAnswersAreReadOrRefusedNamingTheEndpoint(version: String) throws {
        let targets = try Self.targets(version, version == "airflow-3.3.2" ? Self.reader(v2:) : Self.reader(v1:))
        #expect(targets.count >= 9, "every kind of answer has a reader")
        // The captures themselves read cleanly: a mutation is what makes a case fail.
        for target in targets { #expect(throws: Never.self, "\(target.seed.name)") { try target.reader.read(Data(target.seed.bytes)) } }

        var mutator = Mutator(seed: FuzzSettings.seed, format: .json)
        var refused = 0
        let cases = mutator.cases(from: targets.map(\.seed), count: FuzzSettings.count(400))
        for (index, fuzzCase) in cases.enumerated() {
            FuzzWatchdog.guarding(fuzzCase.label) {
                let reader = targets[index % targets.count].reader
                do throws(AirflowError) {
                    try reader.read(fuzzCase.data)
                } catch {
                    refused += 1
                    expectNamesInput(error.description, source: Self.source, endpoint: reader.endpoint, fuzzCase)
                }
            }
        }
        // Most mutations break something; a fuzz run where nothing was refused tested nothing.
        #expect(refused > cases.count / 4)
    }
}

/// The error text names the source and the endpoint, on one line.
func expectNamesInput(_ description: String, source: String, endpoint: String, _ fuzzCase: Mutator.Case,
                      sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(description.contains("'\(source)'") && description.contains(endpoint),
            "\(fuzzCase.label) -> \(description)", sourceLocation: sourceLocation)
    #expect(!description.contains("\n") && !description.contains("\u{1B}"), "\(fuzzCase.label)", sourceLocation: sourceLocation)
}
