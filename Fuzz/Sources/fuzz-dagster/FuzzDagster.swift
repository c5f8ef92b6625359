import Foundation
import FuzzDriver
import VigilCollectors
import VigilCore

/// One input: a Dagster GraphQL answer, decoded as the answer to every query the collector sends (`DagsterQuery`) and
/// mapped where it decodes. Mapping must never crash, and a failed step's error it keeps is clean and bounded.
/// (A body that does not decode is refused by the client as a DagsterError naming the query: DagsterFuzzTests.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDagster(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = fuzzData(bytes, count)
    let now = Date(timeIntervalSince1970: 1_796_316_030)
    func decode<T: Decodable & Sendable>(_ type: T.Type) -> T? {
        (try? JSONDecoder().decode(DagsterWire.Envelope<T>.self, from: data))?.data
    }
    var ids = DagsterMapping.JobIDs([])
    if let entries = decode(DagsterWire.WorkspaceData.self)?.workspaceOrError.locationEntries {
        let workspace = DagsterMapping.workspace(entries, source: "fuzz", lateGrace: 600)
        ids = workspace.ids
        for pipeline in workspace.pipelines { _ = PipelineHealth.of(pipeline, recentRuns: [], now: now) }
    }
    for run in decode(DagsterWire.RunsData.self)?.runsOrError.results ?? [] {
        _ = DagsterMapping.run(run, source: "fuzz", ids: ids)
        _ = DagsterMapping.steps(run, source: "fuzz", ids: ids)
    }
    for (step, error) in DagsterMapping.stepErrors(decode(DagsterWire.LogsData.self)?.logsForRun.events ?? []) {
        guard error.utf8.count <= AirflowMapping.maxTaskErrorBytes, TextSanitizer.clean(error) == error else {
            fatalError("the error of step \(step) is not bounded and clean")
        }
    }
    if let nodes = decode(DagsterWire.AssetsData.self)?.assetNodes {
        _ = DagsterMapping.assets(nodes, source: "fuzz", ids: ids, observedAt: now, known: { _ in nil })
    }
    return 0
}

/// SwiftPM links an executable's entry point as `main`; this one hands over to libFuzzer.
@_cdecl("fuzz_dagster_main")
public func fuzzDagsterMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(fuzzDagster)
}
