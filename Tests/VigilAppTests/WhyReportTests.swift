import Foundation
import Testing
import VigilTestSupport
import VigilApp
import VigilCollectors
import VigilCore
import VigilStore

/// `vigil why` and the status JSON on the demo scenario: the CRM push that failed at try 2/2 is named as the
/// cause of raw.customers going stale, with the tier-1 datasets it puts at risk, and raw.customers pages.
@Suite struct WhyReportTests {
    func demoSnapshot() async throws -> PlatformSnapshot {
        let store = try TestStore.fresh()
        let collector = DemoCollector(store: store, seed: 42, start: DemoScenario.snapshotStart)
        try await collector.backfill()
        try await collector.tick(to: DemoSnapshot.now)
        return try store.snapshot(now: DemoSnapshot.now)
    }

    @Test func theDemoStaleTableNamesTheFailedPushAsItsCause() async throws {
        let s = try await demoSnapshot()
        let customers = try #require(s.datasets.first { $0.dataset.name == "raw.customers" })
        let text = WhyReport.render(customers, in: s, json: false)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "raw.customers (tier 1) is stale, lag 2h11m")
        #expect(lines[1].hasPrefix("why: customer_sync.push_to_crm failed"))
        #expect(lines[1].contains("(try 2/2) → raw.customers"))
        let radius = BlastRadius.of(dataset: "raw.customers", in: s)
        #expect(radius.tier1Count > 0)
        #expect(text.contains("impact: \(radius.tier1Count) tier-1 datasets at risk"))
        #expect(text.contains("slo: objective 99.50% over 28d") && text.contains("PAGE"))
        // Root cause's other half: what changed upstream before the failed run started.
        #expect(text.contains("changed before: customer_sync version 6 → 7 (bundle dags-main), 1h27m before the failed run started "
                              + "(DAG version on airflow-prod/customer_sync)"), "\(text)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(WhyReport.render(customers, in: s, json: true).utf8)) as? [String: Any])
        let changed = try #require(json["changed_before"] as? [String: Any])
        #expect(changed["title"] as? String == "customer_sync version 6 → 7 (bundle dags-main)")
        #expect(changed["kind"] as? String == "dag_version" && changed["before"] as? String == "the failed run started")
    }

    /// The postmortem lists the changes before the first signal and marks the one detection named.
    @Test func thePostmortemListsChangesBeforeAndMarksTheNamedOne() async throws {
        let store = try TestStore.fresh()
        let collector = DemoCollector(store: store, seed: 42, start: DemoScenario.snapshotStart)
        try await collector.backfill()
        try await DemoDetection.play(collector, store: store, to: DemoSnapshot.now)
        let incident = try #require(try store.snapshot(now: DemoSnapshot.now).incidents.first { $0.incident.causeChangeID != nil })
        let md = try Postmortem.markdown(incident, store: store, now: DemoSnapshot.now)
        let section = try #require(md.components(separatedBy: "## Changes before\n").last?.components(separatedBy: "## Timeline").first)
        #expect(section.contains("| DAG version | customer_sync version 6 → 7 (bundle dags-main) (named by detection) | `airflow-prod/customer_sync` | dave |"),
                "\(section)")
        #expect(!section.contains("Warehouse upgraded"), "a release note naming nothing is never a change before")
    }

    /// The failed task's error comes from the source: escape sequences, controls and bidi overrides never reach stdout.
    @Test func theCausesErrorIsPrintedCleaned() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let task = TaskInstance(source: "af", pipelineID: "load", runID: "r1", taskID: "push", state: .failed,
                                endedAt: now.addingTimeInterval(-600),
                                errorMessage: "ValueError: push \u{1B}[2J\u{1B}]52;c;cHduZWQ=\u{07}\u{202E}refused\u{202C} "
                                    + "\u{9B}31m数据\u{200B}管道\nsecond line")
        let s = PlatformSnapshot(
            now: now,
            pipelines: [PipelineSummary(pipeline: Pipeline(source: "af", pipelineID: "load"),
                                        recentRuns: [PipelineRun(source: "af", pipelineID: "load", runID: "r1", state: .failed,
                                                                 startedAt: now.addingTimeInterval(-700),
                                                                 endedAt: now.addingTimeInterval(-600))],
                                        failedTasks: [task])],
            datasets: [DatasetSummary(dataset: Dataset(name: "raw.x", tier: 1, policy: FreshnessPolicy(warnAfter: 60, errorAfter: 120),
                                                       source: "af"),
                                      lastLoadedAt: now.addingTimeInterval(-3_600), lastObservedAt: now)],
            lineage: [LineageEdge(upstream: .pipeline(source: "af", id: "load"), downstream: .dataset("raw.x"))])
        let text = WhyReport.render(try #require(s.datasets.first), in: s, json: false)
        #expect(text.contains("why: load.push failed"), "\(text)")
        let line = try #require(text.split(separator: "\n").first { $0.contains("ValueError") })
        #expect(line == "     ValueError: push refused 数据管道")
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || (0x80...0x9F).contains($0.value) || $0.value == 0x202E })
    }

    @Test func statusJSONCarriesSLOCauseAndBlastRadius() async throws {
        let s = try await demoSnapshot()
        let (status, reasons) = OverallStatus.evaluate(s)
        #expect(status == .critical)
        #expect(reasons.contains { $0.hasPrefix("tier-1 dataset raw.customers is burning its error budget (PAGE") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(StatusReport.json(s, status: status, reasons: reasons).utf8)) as? [String: Any])
        let datasets = try #require(object["datasets"] as? [[String: Any]])
        let customers = try #require(datasets.first { $0["name"] as? String == "raw.customers" })
        let slo = try #require(customers["slo"] as? [String: Any])
        #expect(slo["alert"] as? String == "page")
        #expect(slo["objective"] as? Double == 0.995)
        let attainment = try #require(slo["attainment"] as? Double)
        #expect(attainment < 0.995 && attainment > 0.9)
        #expect((slo["burn_rates"] as? [String: Any])?.keys.sorted() == ["1d", "1h", "2h", "30m", "3d", "5m", "6h"])
        let cause = try #require(customers["cause"] as? [String: Any])
        #expect(cause["task_id"] as? String == "push_to_crm")
        #expect(cause["pipeline"] as? String == "airflow-prod/customer_sync")
        let blast = try #require(customers["blast_radius"] as? [String: Any])
        #expect((blast["tier1_count"] as? Int ?? 0) > 0)
        // A fresh dataset has no cause to report, but keeps the keys.
        let fresh = try #require(datasets.first { $0["freshness_state"] as? String == "fresh" && ($0["slo"] as? [String: Any])?["alert"] as? String == "none" })
        #expect(fresh["cause"] is NSNull && fresh["blast_radius"] is NSNull)
    }
}
