import Foundation
import Testing
@testable import VigilCore

/// "Why is this stale?" and the blast radius on a small platform:
///   customer_sync ─▶ raw.customers ─▶ analytics.fct_revenue ─▶ marts.exec_summary
///   dbt/analytics ─▶ analytics.fct_revenue, marts.exec_summary;  orders_ingest ─▶ raw.orders ─▶ analytics.fct_revenue
@Suite struct WhyStaleTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    func ago(_ minutes: Double) -> Date { now.addingTimeInterval(-minutes * 60) }

    func run(_ pipeline: String, _ state: RunState, started: Double, ended: Double?) -> PipelineRun {
        PipelineRun(source: "af", pipelineID: pipeline, runID: "r-\(pipeline)", state: state, logicalDate: ago(started),
                    startedAt: ago(started), endedAt: ended.map(ago))
    }

    func snapshot(customerSync: RunState = .failed, ordersIngest: RunState = .success, customersLoaded: Double = 130) -> PlatformSnapshot {
        let policy = FreshnessPolicy(warnAfter: 3_600, errorAfter: 7_200)
        func dataset(_ name: String, tier: Int, loaded: Double) -> DatasetSummary {
            DatasetSummary(dataset: Dataset(name: name, tier: tier, policy: policy, source: "wh"), lastLoadedAt: ago(loaded), lastObservedAt: now)
        }
        let failed = TaskInstance(source: "af", pipelineID: "customer_sync", runID: "r-customer_sync", taskID: "push_to_crm",
                                  state: .failed, tryNumber: 2, maxTries: 2, startedAt: ago(45), endedAt: ago(42))
        return PlatformSnapshot(
            now: now,
            pipelines: [
                PipelineSummary(pipeline: Pipeline(source: "af", pipelineID: "customer_sync", scheduleInterval: 3_600),
                                recentRuns: [run("customer_sync", customerSync, started: 50, ended: customerSync == .running ? nil : 42)],
                                failedTasks: customerSync == .failed ? [failed] : []),
                PipelineSummary(pipeline: Pipeline(source: "af", pipelineID: "orders_ingest", scheduleInterval: 3_600),
                                recentRuns: [run("orders_ingest", ordersIngest, started: 20, ended: 10)]),
                PipelineSummary(pipeline: Pipeline(source: "dbt", pipelineID: "analytics"),
                                recentRuns: [PipelineRun(source: "dbt", pipelineID: "analytics", runID: "inv", state: .success,
                                                         startedAt: ago(30), endedAt: ago(25))]),
            ],
            datasets: [
                dataset("raw.customers", tier: 2, loaded: customersLoaded),
                dataset("raw.orders", tier: 2, loaded: 10),
                dataset("analytics.fct_revenue", tier: 1, loaded: 140),
                dataset("marts.exec_summary", tier: 1, loaded: 140),
            ],
            lineage: [
                LineageEdge(upstream: .pipeline(source: "af", id: "customer_sync"), downstream: .dataset("raw.customers")),
                LineageEdge(upstream: .pipeline(source: "af", id: "orders_ingest"), downstream: .dataset("raw.orders")),
                LineageEdge(upstream: .dataset("raw.customers"), downstream: .dataset("analytics.fct_revenue")),
                LineageEdge(upstream: .dataset("raw.orders"), downstream: .dataset("analytics.fct_revenue")),
                LineageEdge(upstream: .dataset("analytics.fct_revenue"), downstream: .dataset("marts.exec_summary")),
                LineageEdge(upstream: .pipeline(source: "dbt", id: "analytics"), downstream: .dataset("analytics.fct_revenue")),
                LineageEdge(upstream: .pipeline(source: "dbt", id: "analytics"), downstream: .dataset("marts.exec_summary")),
            ])
    }

    @Test func theFailedTaskUpstreamIsTheCauseWithTheChainDown() throws {
        let why = RootCause.whyStale("analytics.fct_revenue", in: snapshot())
        let cause = try #require(why.cause)
        #expect(cause.kind == .failed)
        #expect(cause.pipeline.pipelineID == "customer_sync")
        #expect(cause.failedTask?.taskID == "push_to_crm")
        #expect(why.state == .error)
        #expect(why.sentence(now: now) == "customer_sync.push_to_crm failed 42m ago (try 2/2) → raw.customers stale 2h10m → analytics.fct_revenue")
    }

    @Test func twoLevelsDownTheSameCauseIsNamed() {
        let why = RootCause.whyStale("marts.exec_summary", in: snapshot())
        #expect(why.sentence(now: now)
                == "customer_sync.push_to_crm failed 42m ago (try 2/2) → raw.customers stale 2h10m → analytics.fct_revenue stale 2h20m → marts.exec_summary")
    }

    @Test func aStillRunningProducerIsNamedWhenNothingFailed() {
        let why = RootCause.whyStale("analytics.fct_revenue", in: snapshot(customerSync: .running))
        #expect(why.cause?.kind == .running)
        #expect(why.sentence(now: now).hasPrefix("customer_sync still running for 50m → raw.customers stale"))
    }

    @Test func aFailureNearerTheDatasetWinsOverOneFurtherUp() {
        // orders_ingest also feeds fct_revenue directly and failed; customer_sync, two steps up, is running.
        var s = snapshot(customerSync: .running, ordersIngest: .failed)
        s.lineage.append(LineageEdge(upstream: .pipeline(source: "af", id: "orders_ingest"), downstream: .dataset("analytics.fct_revenue")))
        let why = RootCause.whyStale("analytics.fct_revenue", in: s)
        #expect(why.cause?.pipeline.pipelineID == "orders_ingest")
        #expect(why.cause?.kind == .failed)
    }

    @Test func aFailureFurtherUpWinsOverANearerRunningProducer() {
        // dbt/analytics, writing fct_revenue itself, is running (rebuilding from stale input); customer_sync, two
        // steps up, failed: the walk goes on past the running one to the failure.
        var s = snapshot()
        s.pipelines[2].recentRuns = [PipelineRun(source: "dbt", pipelineID: "analytics", runID: "inv2", state: .running, startedAt: ago(5))]
        #expect(RootCause.cause(of: s.pipelines[2], now: now)?.kind == .running)
        let why = RootCause.whyStale("analytics.fct_revenue", in: s)
        #expect(why.cause?.pipeline.pipelineID == "customer_sync")
        #expect(why.cause?.kind == .failed)
    }

    @Test func noCauseIsSaidPlainly() {
        let why = RootCause.whyStale("analytics.fct_revenue", in: snapshot(customerSync: .success))
        #expect(why.cause == nil)
        #expect(why.sentence(now: now).hasPrefix("no upstream failure, late or running pipeline found for analytics.fct_revenue"))
        // The furthest stale dataset upstream is still shown.
        #expect(why.sentence(now: now).contains("raw.customers stale 2h10m → analytics.fct_revenue"))
    }

    @Test func aDatasetWithNoLineageHasNoCause() {
        let why = RootCause.whyStale("nowhere.table", in: snapshot())
        #expect(why.cause == nil)
        #expect(why.state == .unknown)
        #expect(why.sentence(now: now) == "no upstream failure, late or running pipeline found for nowhere.table")
    }

    @Test func lineageCyclesDoNotHang() {
        var s = snapshot(customerSync: .success)
        s.lineage.append(LineageEdge(upstream: .dataset("marts.exec_summary"), downstream: .dataset("raw.customers")))
        #expect(RootCause.whyStale("marts.exec_summary", in: s).cause == nil)
    }

    @Test func blastRadiusCountsTierOneDownstream() {
        let radius = BlastRadius.of(dataset: "raw.customers", in: snapshot())
        #expect(radius.datasets.map(\.name) == ["analytics.fct_revenue", "marts.exec_summary"])
        #expect(radius.tier1Count == 2)
        #expect(radius.pipelines.isEmpty)
        let fromPipeline = BlastRadius.of(.pipeline(source: "af", id: "customer_sync"), in: snapshot())
        #expect(fromPipeline.datasets.map(\.name) == ["raw.customers", "analytics.fct_revenue", "marts.exec_summary"])
        #expect(fromPipeline.tier1Count == 2)
    }
}
