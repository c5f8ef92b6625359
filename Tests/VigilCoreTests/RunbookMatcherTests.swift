import Foundation
import Testing
@testable import VigilCore

struct RunbookMatcherTests {
    private func runbook(_ id: String, _ selectors: [RunbookSelector]) -> Runbook {
        Runbook(id: id, title: id, steps: [RunbookStep(title: "Step")], appliesTo: selectors)
    }

    private let scope = RunbookScope(
        datasets: [.init(name: "raw.customers", tier: 1, tags: ["crm"]), .init(name: "analytics.fct_revenue", tier: 1)],
        pipelines: [.init(name: "customer_sync", source: "airflow-prod", tier: 1)])

    @Test func ordersExactThenGlobByFixedCharactersThenTagThenTierThenCatchAll() {
        let runbooks = [
            runbook("any-pipeline", [.pipeline("*")]),
            runbook("tier-1", [.tier(1)]),
            runbook("crm", [.tag("crm")]),
            runbook("raw", [.dataset("raw.*")]),
            runbook("raw-cust", [.dataset("raw.cust*")]),
            runbook("exact", [.pipeline("customer_sync")]),
            runbook("other", [.dataset("staging.*"), .tier(3)]),
            runbook("by-hand", []),
        ]
        let ids = RunbookMatcher.applicable(runbooks, scope: scope).map(\.id)
        #expect(ids == ["exact", "raw-cust", "raw", "crm", "tier-1", "any-pipeline"])
    }

    @Test func tiesGoToMoreMatchingSelectorsThenToTheID() {
        let runbooks = [runbook("b", [.tier(1)]), runbook("a", [.tier(1)]), runbook("c", [.tier(1), .tier(3), .tag("crm")])]
        // "c" matches a tag (more specific than a tier) - it leads on specificity, not count.
        #expect(RunbookMatcher.applicable(runbooks, scope: scope).map(\.id) == ["c", "a", "b"])
        let tied = [runbook("b", [.tier(1)]), runbook("a", [.tier(1)]), runbook("z", [.tier(1), .dataset("*")])]
        #expect(RunbookMatcher.applicable(tied, scope: scope).map(\.id) == ["z", "a", "b"])
    }

    @Test func pipelinesMatchWithOrWithoutTheirSource() {
        #expect(RunbookMatcher.selects(.pipeline("customer_sync"), scope))
        #expect(RunbookMatcher.selects(.pipeline("airflow-prod/customer_*"), scope))
        #expect(!RunbookMatcher.selects(.pipeline("airflow-dev/*"), scope))
        #expect(!RunbookMatcher.selects(.dataset("customer_sync"), scope), "a pipeline is not a dataset")
    }

    @Test func brokenPatternsAndMissingTiersMatchNothing() {
        #expect(!RunbookMatcher.selects(.dataset("raw.[x"), scope))
        #expect(!RunbookMatcher.selects(.tier(2), scope))
        #expect(!RunbookMatcher.selects(.tier(1), RunbookScope(datasets: [.init(name: "unknown")])))
    }

    @Test func scopeOfAnIncidentLooksUpTiers() {
        let incident = Incident(id: "INC-1", title: "stale", severity: .sev2, openedAt: Date(timeIntervalSince1970: 0),
                                affectedDatasets: ["raw.customers", "nowhere"], affectedPipelines: ["airflow-prod/customer_sync"])
        let dataset = Dataset(name: "raw.customers", tier: 1, policy: FreshnessPolicy(warnAfter: 60, errorAfter: 120), source: "pg")
        let pipeline = Pipeline(source: "airflow-prod", pipelineID: "customer_sync", tier: 2)
        let scope = RunbookScope(incident: incident, datasets: [dataset], pipelines: [pipeline])
        #expect(scope.datasets == [.init(name: "raw.customers", tier: 1), .init(name: "nowhere")])
        #expect(scope.pipelines == [.init(name: "customer_sync", source: "airflow-prod", tier: 2)])
    }

    @Test func selectorsEncodeAsOneKeyObjectsAndOldRunbookJSONStillDecodes() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let selectors: [RunbookSelector] = [.dataset("raw.*"), .tier(1)]
        #expect(String(decoding: try encoder.encode(selectors), as: UTF8.self) == #"[{"dataset":"raw.*"},{"tier":1}]"#)
        #expect(try JSONDecoder().decode([RunbookSelector].self, from: Data(#"[{"tag":"crm"}]"#.utf8)) == [.tag("crm")])
        let old = try JSONDecoder().decode(Runbook.self, from: Data(#"{"id":"x","title":"X","steps":[]}"#.utf8))
        #expect(old == Runbook(id: "x", title: "X", steps: []))
    }
}
