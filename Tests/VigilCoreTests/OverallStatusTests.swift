import Foundation
import Testing
@testable import VigilCore

@Suite struct OverallStatusTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    let policy = FreshnessPolicy(warnAfter: 3600, errorAfter: 7200)

    func dataset(_ name: String, tier: Int, lag: TimeInterval) -> DatasetSummary {
        DatasetSummary(dataset: Dataset(name: name, tier: tier, policy: policy, source: "wh"),
                       lastLoadedAt: now.addingTimeInterval(-lag), lastObservedAt: now)
    }

    func pipeline(tier: Int, last: RunState) -> PipelineSummary {
        PipelineSummary(pipeline: Pipeline(source: "af", pipelineID: "p\(tier)", tier: tier),
                        recentRuns: [PipelineRun(source: "af", pipelineID: "p\(tier)", runID: "r", state: last, startedAt: now)])
    }

    @Test func emptyStoreIsUnknown() {
        #expect(OverallStatus.evaluate(PlatformSnapshot(now: now)).status == .unknown)
    }

    @Test func allFreshIsOK() {
        let s = PlatformSnapshot(now: now, datasets: [dataset("a", tier: 1, lag: 60)])
        #expect(OverallStatus.evaluate(s).status == .ok)
    }

    @Test func tier2StaleIsWarningButTier1StaleIsCritical() {
        let warn = PlatformSnapshot(now: now, datasets: [dataset("a", tier: 2, lag: 9000)])
        #expect(OverallStatus.evaluate(warn).status == .warning)
        let crit = PlatformSnapshot(now: now, datasets: [dataset("a", tier: 2, lag: 9000), dataset("b", tier: 1, lag: 9000)])
        let result = OverallStatus.evaluate(crit)
        #expect(result.status == .critical)
        #expect(result.reasons.first == "tier-1 dataset b is stale (error)")
    }

    @Test func tier1FailingPipelineIsCritical() {
        #expect(OverallStatus.evaluate(PlatformSnapshot(now: now, pipelines: [pipeline(tier: 1, last: .failed)])).status == .critical)
        #expect(OverallStatus.evaluate(PlatformSnapshot(now: now, pipelines: [pipeline(tier: 3, last: .failed)])).status == .warning)
    }

    @Test func unhealthySourceAndOpenIncidentWarn() {
        let down = PlatformSnapshot(now: now, sources: [SourceStatus(name: "af", kind: .airflow, health: .down)],
                                    datasets: [dataset("a", tier: 1, lag: 1)])
        #expect(OverallStatus.evaluate(down).status == .warning)
        let inc = IncidentSummary(incident: Incident(id: "INC-1", title: "t", severity: .sev3, openedAt: now), timeline: [], stepProgress: [])
        let open = PlatformSnapshot(now: now, datasets: [dataset("a", tier: 1, lag: 1)], incidents: [inc])
        #expect(OverallStatus.evaluate(open).status == .warning)
    }
}
