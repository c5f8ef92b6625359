import Foundation
import FuzzDriver
import VigilCollectors
import VigilCore

/// One input: an Airflow answer body, read as every shape the collector reads and mapped where it decodes.
/// A refusal must be an AirflowError naming the source and endpoint; anything else is a crash libFuzzer keeps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAirflow(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = fuzzData(bytes, count)
    let now = Date(timeIntervalSince1970: 1_796_000_000)
    func read<T: Decodable>(_ type: T.Type, _ endpoint: String, _ map: (T) -> Void) {
        do {
            map(try AirflowJSON.decode(type, from: data, source: "fuzz", endpoint: endpoint))
        } catch {
            let text = error.description
            guard text.contains("'fuzz'"), text.contains(endpoint), !text.contains("\n") else {
                fatalError("refusal does not name its input: \(text)")
            }
        }
    }
    read(AirflowVersion.self, "/api/v2/version") { _ in }
    read(AirflowHealth.self, "/api/v2/monitor/health") { _ = AirflowMapping.healthNotes($0) }
    read(AirflowImportErrorCollection.self, "/api/v2/importErrors") { _ = AirflowMapping.importErrorNote($0) }
    read(AirflowV2.DAGCollection.self, "/api/v2/dags") { page in
        for dag in page.dags { _ = PipelineHealth.of(AirflowMapping.dag(dag, source: "fuzz").pipeline, recentRuns: [], now: now) }
    }
    read(AirflowV1.DAGCollection.self, "/api/v1/dags") { page in
        for dag in page.dags { _ = PipelineHealth.of(AirflowMapping.dag(dag, source: "fuzz").pipeline, recentRuns: [], now: now) }
    }
    read(AirflowV2.DAGRunCollection.self, "/api/v2/dags/~/dagRuns") { page in
        for run in page.dagRuns { _ = AirflowMapping.run(run, source: "fuzz") }
    }
    read(AirflowV1.DAGRunCollection.self, "/api/v1/dags/~/dagRuns") { page in
        for run in page.dagRuns { _ = AirflowMapping.run(run, source: "fuzz") }
    }
    read(AirflowV2.TaskInstanceCollection.self, "/api/v2/dags/d/dagRuns/r/taskInstances") { page in
        for ti in page.taskInstances { _ = AirflowMapping.taskInstance(ti, source: "fuzz") }
    }
    read(AirflowV1.TaskInstanceCollection.self, "/api/v1/dags/d/dagRuns/r/taskInstances") { page in
        for ti in page.taskInstances { _ = AirflowMapping.taskInstance(ti, runID: "r", source: "fuzz") }
    }
    read(AirflowV2.AssetEventCollection.self, "/api/v2/assets/events") {
        _ = AirflowMapping.freshnessSamples($0.assetEvents, observedAt: now)
    }
    read(AirflowV1.DatasetEventCollection.self, "/api/v1/datasets/events") {
        _ = AirflowMapping.freshnessSamples($0.datasetEvents, observedAt: now)
    }
    read(AirflowV2.AssetCollection.self, "/api/v2/assets") { _ = AirflowMapping.lineage($0.assets, source: "fuzz") }
    read(AirflowV1.DatasetCollection.self, "/api/v1/datasets") { _ = AirflowMapping.lineage($0.datasets, source: "fuzz") }
    read(AirflowV2.TaskLog.self, "/api/v2/dags/d/dagRuns/r/taskInstances/t/logs/1") { _ = AirflowMapping.taskError($0) }
    read(AirflowTaskCollection.self, "/api/v2/dags/d/tasks") { _ = AirflowMapping.taskOrder($0.tasks) }
    // Airflow 2's task logs are text: any bytes, decoded as the collector decodes them.
    _ = AirflowMapping.taskError(text: String(decoding: data, as: UTF8.self))
    // Error bodies are read leniently (try?): they must only never crash.
    _ = (try? AirflowJSON.decode(AirflowErrorBody.self, from: data))?.message
    return 0
}

/// SwiftPM links an executable's entry point as `main`; this one hands over to libFuzzer.
@_cdecl("fuzz_airflow_main")
public func fuzzAirflowMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(fuzzAirflow)
}
