import Foundation
import VigilCore

/// The demo's Spark cluster: the OpenLineage events its listener would post for the simulated Spark job
/// (`DemoCatalog.sparkPipelines`), in the shape openlineage-python and the Spark integration send them
/// (Tests/VigilCollectorsTests/Fixtures/openlineage-1.54). The demo hands them to the same `OpenLineageIntake` that
/// `vigil serve` runs behind `POST /api/v1/lineage`, so the job reaches the store the way a pushed job does: a run
/// START and COMPLETE or FAIL with what it read and wrote (and the rows written), and one job per task under the run's
/// parent facet, a failed try with its error message.
struct SimulatedOpenLineage: Sendable {
    static let producer = "https://github.com/OpenLineage/OpenLineage/tree/1.54.0/integration/spark"
    static let schemaURL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"

    let platform: DemoPlatform

    /// The request bodies of every event with its time in (from, to], oldest first.
    func events(after from: Date, upTo to: Date) -> [Data] {
        var events: [(at: Date, order: Int, body: [String: Any])] = []
        let core = platform.core
        for model in core.models where model.spec.source == DemoCatalog.spark {
            for plan in core.plans(model, triggeredAfter: from.addingTimeInterval(-model.maxSpan), upTo: to) {
                events += self.events(plan, model: model).filter { $0.at > from && $0.at <= to }
            }
        }
        events.sort { ($0.at, $0.order) < ($1.at, $1.order) }
        return events.compactMap { try? JSONSerialization.data(withJSONObject: $0.body, options: [.sortedKeys]) }
    }

    /// One run's events: the run's START (when it starts), each task try's START and COMPLETE or FAIL, the run's end.
    private func events(_ plan: RunPlan, model: PipelineModel) -> [(at: Date, order: Int, body: [String: Any])] {
        let inputs = model.spec.produces.flatMap { platform.core.datasetModels[$0]?.upstream ?? [] }.map(Self.dataset)
        let nominalTime: [String: Any] = facet("NominalTimeRunFacet", ["nominalStartTime": Self.time(plan.logicalDate)])
        let nominal: [String: Any] = ["nominalTime": nominalTime]
        let job = ["namespace": DemoCatalog.spark, "name": plan.pipelineID]
        let start: [String: Any] = event("START", at: plan.startAt, runID: plan.runID, job: job, runFacets: nominal, inputs: inputs)
        var out: [(at: Date, order: Int, body: [String: Any])] = [(plan.startAt, 0, start)]
        for (i, task) in plan.tasks.enumerated() {
            let taskJob = ["namespace": DemoCatalog.spark, "name": "\(plan.pipelineID).\(task.taskID)"]
            let parent = facet("ParentRunFacet", ["run": ["runId": plan.runID], "job": job])
            for (t, window) in task.tries.enumerated() {
                let salt = (plan.key.slot & 0xFFFF) * 64 + i * 8 + t
                let runID = SimulationCore.uuid(model.hash.child(salt))
                out.append((window.start, 1, event("START", at: window.start, runID: runID, job: taskJob, runFacets: ["parent": parent])))
                var facets: [String: Any] = ["parent": parent]
                if window.failed {
                    facets["errorMessage"] = facet("ErrorMessageRunFacet", [
                        "message": task.errorMessage ?? "the task failed", "programmingLanguage": "PYTHON",
                    ])
                }
                out.append((window.end, 2, event(window.failed ? "FAIL" : "COMPLETE", at: window.end, runID: runID,
                                                 job: taskJob, runFacets: facets)))
            }
        }
        let outputs: [[String: Any]] = plan.succeeded ? model.spec.produces.map { name in
            var output = Self.dataset(name)
            let rows = 180_000 + model.hash.child(plan.key.slot & 0xFFFF).int(7, 0, 40_000)
            output["outputFacets"] = ["outputStatistics": facet("OutputStatisticsOutputDatasetFacet", ["rowCount": rows])]
            return output
        } : []
        out.append((plan.endAt, 3, event(plan.succeeded ? "COMPLETE" : "FAIL", at: plan.endAt, runID: plan.runID, job: job,
                                         runFacets: nominal, inputs: inputs, outputs: outputs)))
        return out
    }

    private func event(_ type: String, at: Date, runID: String, job: [String: String], runFacets: [String: Any],
                       inputs: [[String: Any]] = [], outputs: [[String: Any]] = []) -> [String: Any] {
        ["eventType": type, "eventTime": Self.time(at), "producer": Self.producer, "schemaURL": Self.schemaURL,
         "run": ["runId": runID, "facets": runFacets], "job": job, "inputs": inputs, "outputs": outputs]
    }

    private func facet(_ name: String, _ fields: [String: Any]) -> [String: Any] {
        fields.merging(["_producer": Self.producer,
                        "_schemaURL": "https://openlineage.io/spec/facets/1-0-1/\(name).json#/$defs/\(name)"]) { a, _ in a }
    }

    /// A warehouse table as OpenLineage names it: the server's namespace, `database.schema.table`.
    private static func dataset(_ name: String) -> [String: Any] {
        guard let identity = DemoPlatform.identity(name) else { return ["namespace": "postgres://warehouse.internal:5432", "name": name] }
        return ["namespace": identity.namespace, "name": identity.name]
    }

    private static func time(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
