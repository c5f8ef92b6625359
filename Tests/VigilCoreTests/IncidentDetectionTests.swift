import Foundation
import Testing
@testable import VigilCore

/// Detection rules on a small platform: customer_sync (tier 1 through raw.customers) fails, raw.customers goes
/// stale, and so does analytics.fct_revenue downstream. One cause, one incident.
@Suite struct IncidentDetectionTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    func ago(_ minutes: Double) -> Date { now.addingTimeInterval(-minutes * 60) }

    func snapshot(syncState: RunState = .failed, revenueLoaded: Double = 150) -> PlatformSnapshot {
        let policy = FreshnessPolicy(warnAfter: 3_600, errorAfter: 7_200)
        func dataset(_ name: String, tier: Int, loaded: Double) -> DatasetSummary {
            DatasetSummary(dataset: Dataset(name: name, tier: tier, policy: policy, source: "wh"), lastLoadedAt: ago(loaded), lastObservedAt: now)
        }
        let failed = TaskInstance(source: "af", pipelineID: "customer_sync", runID: "r1", taskID: "push_to_crm",
                                  state: .failed, tryNumber: 2, maxTries: 2, startedAt: ago(45), endedAt: ago(42))
        return PlatformSnapshot(
            now: now,
            pipelines: [PipelineSummary(pipeline: Pipeline(source: "af", pipelineID: "customer_sync", scheduleInterval: 3_600, tier: 1),
                                        recentRuns: [PipelineRun(source: "af", pipelineID: "customer_sync", runID: "r1", state: syncState,
                                                                 logicalDate: ago(50), startedAt: ago(50), endedAt: ago(42))],
                                        failedTasks: syncState == .failed ? [failed] : [])],
            datasets: [
                dataset("raw.customers", tier: 1, loaded: 130),
                dataset("analytics.fct_revenue", tier: 1, loaded: revenueLoaded),
                dataset("marts.exec_summary", tier: 1, loaded: 10),
                dataset("raw.orders", tier: 2, loaded: 10),
            ],
            lineage: [
                LineageEdge(upstream: .pipeline(source: "af", id: "customer_sync"), downstream: .dataset("raw.customers")),
                LineageEdge(upstream: .dataset("raw.customers"), downstream: .dataset("analytics.fct_revenue")),
                LineageEdge(upstream: .dataset("raw.orders"), downstream: .dataset("analytics.fct_revenue")),
                LineageEdge(upstream: .dataset("analytics.fct_revenue"), downstream: .dataset("marts.exec_summary")),
            ])
    }

    @Test func oneFailureStalingTwoTierOneTablesIsOneSev1Incident() throws {
        let signals = IncidentDetection.signals(in: snapshot())
        #expect(signals.map(\.subject) == [.dataset("analytics.fct_revenue"), .dataset("raw.customers"), .pipeline(source: "af", id: "customer_sync")])
        #expect(Set(signals.map(\.causeKey)) == ["pipeline:af/customer_sync"])
        let actions = IncidentDetection.plan(signals, open: [], alreadySaidRecovered: [])
        #expect(actions.count == 1)
        guard case let .open(key, group, severity, title, _) = try #require(actions.first) else { Issue.record("expected open"); return }
        #expect(key == "pipeline:af/customer_sync")
        #expect(group.count == 3)
        // raw.customers puts itself, fct_revenue and exec_summary at risk: three tier-1 datasets.
        #expect(severity == .sev1)
        #expect(title == "2 datasets stale: customer_sync.push_to_crm failed (try 2/2)")
        let customers = try #require(group.first { $0.subject == .dataset("raw.customers") })
        #expect(customers.text == "raw.customers (tier 1) stale 2h10m")
        #expect(customers.since == ago(130 - 120))
        #expect(customers.causeText == "customer_sync.push_to_crm failed 42m ago (try 2/2)")
    }

    /// The tier-1 counts kept from the pass before are those a pass without them finds, also after a dataset's tier
    /// or the lineage changed.
    @Test func tierOneAtRiskKeptBetweenPassesFollowsTiersAndLineage() {
        var atRisk = IncidentDetection.AtRisk()
        func risks(_ s: PlatformSnapshot) -> [Int] { IncidentDetection.signals(in: s, atRisk: &atRisk).map(\.tier1AtRisk) }
        func fresh(_ s: PlatformSnapshot) -> [Int] { IncidentDetection.signals(in: s).map(\.tier1AtRisk) }
        var s = snapshot()
        #expect(risks(s) == [2, 3, 3])
        #expect(risks(s) == fresh(s))
        // marts.exec_summary no longer tier 1: one fewer at risk below the stale tables.
        s.datasets[2].dataset.tier = 2
        #expect(risks(s) == [1, 2, 2])
        #expect(risks(s) == fresh(s))
        // A new tier-1 table fed by raw.customers.
        s.datasets.append(DatasetSummary(dataset: Dataset(name: "marts.crm", tier: 1, policy: FreshnessPolicy(warnAfter: 3_600, errorAfter: 7_200),
                                                          source: "wh"), lastLoadedAt: now, lastObservedAt: now))
        s.lineage.append(LineageEdge(upstream: .dataset("raw.customers"), downstream: .dataset("marts.crm")))
        #expect(risks(s) == fresh(s))
        #expect(risks(s) == [1, 3, 3])
    }

    @Test func signalsWithTheCauseOfAnOpenIncidentGoOnItsTimeline() {
        let signals = IncidentDetection.signals(in: snapshot())
        let open = Incident(id: "INC-4", title: "raw.customers stale", severity: .sev2, openedAt: ago(20),
                            affectedDatasets: ["raw.customers"], affectedPipelines: ["af/customer_sync"])
        let actions = IncidentDetection.plan(signals, open: [(open, "pipeline:af/customer_sync")], alreadySaidRecovered: [])
        // The new table joins, and the group's blast radius (3 tier-1 at risk) raises the Sev2 it was opened with.
        guard actions.count == 2, case let .append(id, new, recurring) = actions[0], !recurring else { Issue.record("\(actions)"); return }
        #expect(id == "INC-4")
        #expect(new.map(\.subject) == [.dataset("analytics.fct_revenue")])
        #expect(actions[1] == .escalate(incidentID: "INC-4", to: .sev1))
        // Once everything is listed and the severity matches, a repeat signal adds nothing.
        var all = open
        all.affectedDatasets.append("analytics.fct_revenue")
        all.severity = .sev1
        #expect(IncidentDetection.plan(signals, open: [(all, "pipeline:af/customer_sync")], alreadySaidRecovered: []).isEmpty)
        // Detection never lowers a severity: with only raw.customers' own signal (Sev2 by itself) on a Sev1, nothing.
        let onlyCustomers = signals.filter { $0.subject == .dataset("raw.customers") }.map { s -> IncidentSignal in
            var s = s
            s.tier1AtRisk = 1
            return s
        }
        #expect(IncidentDetection.plan(onlyCustomers, open: [(all, "pipeline:af/customer_sync")], alreadySaidRecovered: []).isEmpty)
    }

    @Test func whenEverythingIsHealthyTheIncidentIsSaidRecoveredOnce() {
        let healthy = snapshot(syncState: .success)
        var fresh = healthy
        fresh.datasets = fresh.datasets.map { var d = $0; d.lastLoadedAt = ago(5); return d }
        #expect(IncidentDetection.signals(in: fresh).isEmpty)
        let open = Incident(id: "INC-4", title: "t", severity: .sev1, openedAt: ago(60), affectedDatasets: ["raw.customers"])
        #expect(IncidentDetection.plan([], open: [(open, "pipeline:af/customer_sync")], alreadySaidRecovered: []) == [.recovered(incidentID: "INC-4")])
        #expect(IncidentDetection.plan([], open: [(open, "pipeline:af/customer_sync")], alreadySaidRecovered: ["INC-4"]).isEmpty)
        // Incidents opened by hand (no cause key) are never called recovered by the detector.
        #expect(IncidentDetection.plan([], open: [(open, nil)], alreadySaidRecovered: []).isEmpty)
    }

    @Test func severityTable() {
        func signal(tier: Int, atRisk: Int) -> IncidentSignal {
            IncidentSignal(kind: .burnPage, incidentKind: .freshness, subject: .dataset("x"), tier: tier, since: nil, causeKey: "dataset:x", causeText: nil,
                           tier1AtRisk: atRisk, text: "x")
        }
        #expect(IncidentSeverityRule.severity(of: signal(tier: 1, atRisk: 3)) == .sev1)
        #expect(IncidentSeverityRule.severity(of: signal(tier: 1, atRisk: 2)) == .sev2)
        #expect(IncidentSeverityRule.severity(of: signal(tier: 2, atRisk: 9)) == .sev3)
        #expect(IncidentSeverityRule.severity(of: signal(tier: 3, atRisk: 0)) == .sev4)
        #expect(IncidentSeverityRule.severity(of: [signal(tier: 3, atRisk: 0), signal(tier: 1, atRisk: 1)]) == .sev2)
    }

    @Test func aTierTwoDatasetInErrorWithoutABurnPageRaisesNothing() {
        var s = snapshot(syncState: .success)
        s.datasets = s.datasets.map { var d = $0; d.dataset.tier = 2; d.lastLoadedAt = $0.dataset.name == "raw.customers" ? ago(130) : ago(5); return d }
        s.pipelines[0].pipeline.tier = 2
        #expect(IncidentDetection.signals(in: s).isEmpty)
    }
}

@Suite struct IncidentGroupingTests {
    /// A table still stale after its producer recovered has no cause of its own any more: it stays with the open
    /// incident that lists it, which is not called recovered while it is stale.
    @Test func aLingeringSignalStaysWithTheIncidentThatListsIt() {
        let open = Incident(id: "INC-3", title: "t", severity: .sev1, openedAt: Date(timeIntervalSince1970: 0),
                            affectedDatasets: ["raw.customers"], affectedPipelines: ["af/customer_sync"])
        let lingering = IncidentSignal(kind: .datasetStale, incidentKind: .pipeline, subject: .dataset("raw.customers"), tier: 1, since: nil,
                                       causeKey: "dataset:raw.customers", causeText: nil, tier1AtRisk: 1, text: "raw.customers stale")
        #expect(IncidentDetection.plan([lingering], open: [(open, "pipeline:af/customer_sync")], alreadySaidRecovered: []).isEmpty)
        let other = IncidentSignal(kind: .datasetStale, incidentKind: .pipeline, subject: .dataset("raw.orders"), tier: 1, since: nil,
                                   causeKey: "dataset:raw.orders", causeText: nil, tier1AtRisk: 1, text: "raw.orders stale")
        let actions = IncidentDetection.plan([lingering, other], open: [(open, "pipeline:af/customer_sync")], alreadySaidRecovered: [])
        #expect(actions.count == 1)
        if case let .open(key, _, _, _, _)? = actions.first { #expect(key == "dataset:raw.orders") } else { Issue.record("\(actions)") }
    }
}

@Suite struct IncidentRecurrenceTests {
    /// A breach that comes back while the incident is still open (after it was said recovered) goes on its timeline.
    @Test func aRecurringBreachAfterRecoveryIsAppendedAgain() {
        let open = Incident(id: "INC-3", title: "t", severity: .sev2, openedAt: Date(timeIntervalSince1970: 0),
                            affectedDatasets: ["raw.customers"], affectedPipelines: ["af/customer_sync"])
        let again = IncidentSignal(kind: .datasetStale, incidentKind: .pipeline, subject: .dataset("raw.customers"), tier: 1, since: nil,
                                   causeKey: "pipeline:af/customer_sync", causeText: nil, tier1AtRisk: 1, text: "raw.customers stale")
        let actions = IncidentDetection.plan([again], open: [(open, "pipeline:af/customer_sync")], alreadySaidRecovered: ["INC-3"])
        #expect(actions == [.append(incidentID: "INC-3", signals: [again], recurring: true)])
    }
}

/// Data correctness apart from pipeline health: failing checks raise their own incident, with a severity from the
/// tested dataset's tier and what it feeds.
@Suite struct CorrectnessDetectionTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func snapshot(tier: Int, checks: [CheckState], feedsTier1: Bool = false) -> PlatformSnapshot {
        let policy = FreshnessPolicy(warnAfter: 3_600, errorAfter: 7_200)
        var model = DatasetSummary(dataset: Dataset(name: "marts.orders", tier: tier, policy: policy, source: "dbt"),
                                   lastLoadedAt: now.addingTimeInterval(-60), lastObservedAt: now)
        model.quality = DatasetQuality(checks: checks.enumerated().map { i, state in
            DataCheck(dataset: "marts.orders", name: "test_\(i)", kind: .test, state: state, failures: state == .fail ? 3 : 0,
                      message: nil, at: now.addingTimeInterval(-120), source: "dbt")
        })
        let exec = DatasetSummary(dataset: Dataset(name: "marts.exec", tier: feedsTier1 ? 1 : 3, policy: policy, source: "dbt"),
                                  lastLoadedAt: now.addingTimeInterval(-60), lastObservedAt: now)
        return PlatformSnapshot(now: now, datasets: [model, exec],
                                lineage: [LineageEdge(upstream: .dataset("marts.orders"), downstream: .dataset("marts.exec"))])
    }

    @Test func aFailingTestOnATierTwoModelWithNothingTierOneDownstreamIsSev3Correctness() throws {
        let signals = IncidentDetection.signals(in: snapshot(tier: 2, checks: [.fail, .pass, .warn]))
        #expect(signals.count == 1)
        let actions = IncidentDetection.plan(signals, open: [], alreadySaidRecovered: [])
        guard case let .open(key, _, severity, title, kind) = try #require(actions.first) else { Issue.record("\(actions)"); return }
        #expect(kind == .correctness)
        #expect(severity == .sev3)
        #expect(key == "checks:dataset:marts.orders")
        #expect(title == "marts.orders fails a check: test_0 (3 failing rows)")
    }

    @Test func aFailingTestFeedingATierOneDatasetIsSev2() throws {
        let signals = IncidentDetection.signals(in: snapshot(tier: 2, checks: [.fail], feedsTier1: true))
        #expect(signals.map { IncidentSeverityRule.severity(of: $0) } == [.sev2])
    }

    @Test func warningsAndErroredChecksRaiseNothing() {
        #expect(IncidentDetection.signals(in: snapshot(tier: 1, checks: [.warn, .error, .pass])).isEmpty)
    }

    /// An open freshness incident listing the same dataset does not swallow its correctness signal.
    @Test func correctnessNeverJoinsAnAvailabilityIncident() throws {
        let signals = IncidentDetection.signals(in: snapshot(tier: 1, checks: [.fail]))
        let stale = Incident(id: "INC-1", title: "marts.orders stale", severity: .sev2, openedAt: now,
                             affectedDatasets: ["marts.orders"], kind: .freshness)
        let actions = IncidentDetection.plan(signals, open: [(stale, "dataset:marts.orders")], alreadySaidRecovered: [])
        guard case let .open(_, _, severity, _, kind) = try #require(actions.first(where: {
            if case .open = $0 { return true } else { return false } })) else { Issue.record("\(actions)"); return }
        #expect(kind == .correctness)
        #expect(severity == .sev2)
        let open = Incident(id: "INC-2", title: "t", severity: .sev2, openedAt: now, affectedDatasets: ["marts.orders"],
                            causeKey: "checks:dataset:marts.orders", kind: .correctness)
        #expect(IncidentDetection.plan(signals, open: [(open, open.causeKey)], alreadySaidRecovered: []).isEmpty)
    }

    @Test func theKindFollowsTheCause() {
        let failing = IncidentDetectionTests().snapshot()
        let signals = IncidentDetection.signals(in: failing)
        #expect(Set(signals.map(\.incidentKind)) == [.pipeline])
        #expect(IncidentDetection.kind(of: signals) == .pipeline)
    }
}
