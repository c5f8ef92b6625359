import Foundation
import Testing
import VigilCore
@testable import VigilStore

/// `Store.reliabilityInputs`: what one window of the scorecard reads, and what it leaves out.
@Suite struct ReportInputsStoreTests {
    /// Days from a UTC midnight (2023-11-15 00:00).
    func d(_ days: Double) -> Date { Date(timeIntervalSince1970: 1_700_006_400 + days * 86_400) }

    @Test func oneWindowsInputs() throws {
        try withTempDirectory { dir in
            let store = try Store(path: storeFile(in: dir))
            let orders = Dataset(name: "orders", tier: 1, policy: FreshnessPolicy(warnAfter: 3_600, errorAfter: 7_200),
                                 source: "wh", producedBy: "load", objective: FreshnessObjective(target: 0.99))
            let load = Pipeline(source: "af", pipelineID: "load", tier: 1)
            func run(_ id: String, _ state: RunState, ended: Double?) -> PipelineRun {
                PipelineRun(source: "af", pipelineID: "load", runID: id, state: state, logicalDate: d((ended ?? 2) - 0.1),
                            startedAt: d((ended ?? 2) - 0.05), endedAt: ended.map(d))
            }
            try store.write { w in
                try w.upsertDataset(orders)
                try w.upsertPipeline(load)
                // Starts before the window: read, clipped later by the report.
                try w.appendFreshnessHistory([FreshnessInterval(start: d(-1), end: d(2), state: .fresh),
                                              FreshnessInterval(start: d(2), end: d(3), state: .error)], dataset: "orders")
                for r in [run("r1", .success, ended: 0.5), run("r2", .failed, ended: 0.6), run("r3", .success, ended: 1.2),
                          run("r4", .skipped, ended: 1.3), run("r5", .success, ended: -0.5), run("r6", .running, ended: nil)] {
                    try w.upsertRun(r)
                }
                for (state, at) in [(CheckState.pass, 0.2), (.fail, 0.3), (.pass, 1.5), (.pass, -1.0)] {
                    try w.recordCheck(DataCheck(dataset: "orders", name: "not_null_\(at)", kind: .test, state: state, at: d(at), source: "dbt"))
                }
                for (id, opened) in [("INC-1", -0.1), ("INC-2", 0.5), ("INC-3", 2.5)] {
                    try w.upsertIncident(Incident(id: id, title: id, severity: .sev2, openedAt: d(opened), affectedDatasets: ["orders"],
                                                  causeKey: "dataset:orders", causeChangeID: id == "INC-2" ? "c1" : nil))
                    try w.appendTimeline(TimelineEvent(incidentID: id, at: d(opened), kind: .detected, actor: "vigil", text: ""))
                }
                try w.appendTimeline(TimelineEvent(incidentID: "INC-2", at: d(0.51), kind: .acknowledged, actor: "ana", text: ""))
                try w.recordChange(Change(id: "c1", at: d(0.1), source: "af", kind: .dagVersion, title: "v2", subjects: ["pipeline:af/load"]), at: d(0.1))
                try w.recordChange(Change(id: "c2", at: d(5), source: "af", kind: .dagVersion, title: "v3", subjects: ["pipeline:af/load"]), at: d(5))
            }
            let inputs = try store.reliabilityInputs(from: d(0), to: d(3), datasets: [orders], pipelines: [load])
            #expect(inputs.incidents.map(\.incident.id) == ["INC-2", "INC-3"], "opened in [from, to)")
            #expect(inputs.incidents[0].timeline.map(\.kind) == [.detected, .acknowledged])
            #expect(inputs.incidents[0].incident.causeChangeID == "c1")
            #expect(inputs.changes.map(\.id) == ["c1"])
            #expect(inputs.pipelineTiers == ["af/load": 1])
            #expect(inputs.datasets.count == 1)
            #expect(inputs.datasets[0].producedBy == "af/load", "a producer named by bare id is its pipeline at the source")
            #expect(inputs.datasets[0].target == 0.99 && inputs.datasets[0].tier == 1)
            #expect(inputs.datasets[0].intervals.map(\.start) == [d(-1), d(2)])
            // By the UTC day they ended: r1, r2 on day 0; r3 on day 1; skipped, earlier and unfinished runs left out.
            #expect(inputs.runs.sorted { $0.day < $1.day } == [ReportRunCount(pipeline: "af/load", day: d(0), finished: 2, succeeded: 1),
                                                               ReportRunCount(pipeline: "af/load", day: d(1), finished: 1, succeeded: 1)])
            #expect(inputs.checks.sorted { $0.day < $1.day } == [ReportCheckCount(dataset: "orders", day: d(0), results: 2, passed: 1),
                                                                 ReportCheckCount(dataset: "orders", day: d(1), results: 1, passed: 1)])
            // And the report of it: c1 is named by INC-2; 2 of 3 finished runs succeeded; 2 of 3 checks passed.
            let report = ReliabilityReport.compute(inputs)
            #expect(report.all.total.changeFailureRate == 1)
            #expect(report.all.total.pipelineSuccessRate == 2.0 / 3)
            #expect(report.all.total.qualityPassRate == 2.0 / 3)
        }
    }
}
