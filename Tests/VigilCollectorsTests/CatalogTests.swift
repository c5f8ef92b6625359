import Foundation
import Testing
import VigilCollectors
import VigilCore

@Suite struct CatalogTests {
    let platform = Fixtures.platform

    @Test func sizesAndTiersAreInTheExpectedRanges() {
        #expect((35...45).contains(platform.pipelines.count))
        #expect((100...140).contains(platform.datasets.count))
        let tier1 = platform.datasets.filter { $0.tier == 1 }.count
        let tier2 = platform.datasets.filter { $0.tier == 2 }.count
        #expect((8...12).contains(tier1))
        #expect((28...42).contains(tier2))
        #expect(Set(platform.pipelines.map(\.source)) == ["airflow-prod", "dagster-analytics", "spark-analytics"])
        #expect(Set(platform.datasets.map(\.source)) == ["warehouse"])
    }

    @Test func everyProducerAndUpstreamExists() {
        let pipelineIDs = Set(platform.pipelines.map(\.pipelineID))
        let datasetNodes = Set(platform.datasets.map { LineageNode.dataset($0.name) })
        for dataset in platform.datasets {
            if let producer = dataset.producedBy { #expect(pipelineIDs.contains(producer), "\(dataset.name) -> \(producer)") }
        }
        #expect(platform.datasets.filter { $0.producedBy == nil }.count <= 6)
        let pipelineNodes = Set(platform.pipelines.map { LineageNode.pipeline(source: $0.source, id: $0.pipelineID) })
        for edge in platform.lineage {
            // A dataset, or a job that says what it read (an OpenLineage job: input -> job -> output).
            #expect(datasetNodes.contains(edge.downstream) || pipelineNodes.contains(edge.downstream), "\(edge)")
            if edge.upstream.datasetName != nil { #expect(datasetNodes.contains(edge.upstream)) }
        }
    }

    @Test func layersFeedForward() {
        let upstreamOf = Dictionary(grouping: platform.lineage.filter { $0.upstream.datasetName != nil }, by: \.downstream)
        // An OpenLineage job's output is fed through the job: its inputs are the job's.
        let jobOf = Dictionary(platform.lineage.filter { $0.downstream.datasetName != nil && $0.upstream.datasetName == nil }
            .map { ($0.downstream, $0.upstream) }, uniquingKeysWith: { a, _ in a })
        for dataset in platform.datasets {
            let node = LineageNode.dataset(dataset.name)
            let inputs = upstreamOf[node] ?? jobOf[node].flatMap { upstreamOf[$0] } ?? []
            if dataset.name.hasPrefix("raw.") { #expect(inputs.isEmpty, "\(dataset.name)") } else { #expect(!inputs.isEmpty, "\(dataset.name)") }
            if dataset.name.hasPrefix("staging.") {
                #expect(inputs.allSatisfy { $0.upstream.datasetName?.hasPrefix("raw.") == true }, "\(dataset.name)")
            }
        }
    }

    @Test func lineageHasNoCycles() {
        var indegree: [LineageNode: Int] = [:]
        var next: [LineageNode: [LineageNode]] = [:]
        for edge in platform.lineage {
            indegree[edge.downstream, default: 0] += 1
            indegree[edge.upstream, default: 0] += 0
            next[edge.upstream, default: []].append(edge.downstream)
        }
        var ready = indegree.filter { $0.value == 0 }.map(\.key)
        var visited = 0
        while let node = ready.popLast() {
            visited += 1
            for child in next[node] ?? [] {
                indegree[child]! -= 1
                if indegree[child] == 0 { ready.append(child) }
            }
        }
        #expect(visited == indegree.count)
        #expect(platform.lineage.count > platform.datasets.count)
    }

    @Test func pipelinesLookLikeRealOnes() {
        for pipeline in platform.pipelines {
            #expect((2...7).contains(pipeline.tasks.count), "\(pipeline.pipelineID)")
            #expect(Set(pipeline.tasks).count == pipeline.tasks.count)
            #expect(pipeline.schedule != nil && pipeline.owner != nil)
            let produced = platform.datasets.filter { $0.producedBy == pipeline.pipelineID }
            #expect(!produced.isEmpty)
            #expect(pipeline.tier == produced.map(\.tier).min(), "\(pipeline.pipelineID)")
        }
        let intervals = Set(platform.pipelines.compactMap(\.scheduleInterval))
        #expect(intervals == [900, 3600, 7200, 21600, 86400])
        #expect(Fixtures.pipeline("ingest_orders").schedule == "*/15 * * * *")
        #expect(Fixtures.pipeline("customer_sync").schedule == "@hourly")
        #expect(Fixtures.pipeline("customer_sync").tasks == ["extract_customers", "push_to_crm", "load_raw_customers", "quality_checks", "publish"])
    }

    @Test func policiesFollowTheProducersSchedule() {
        let interval = Dictionary(uniqueKeysWithValues: platform.pipelines.map { ($0.pipelineID, $0.scheduleInterval!) })
        for dataset in platform.datasets {
            #expect(dataset.policy.warnAfter < dataset.policy.errorAfter)
            if let producer = dataset.producedBy, dataset.name != "raw.customers" {
                #expect(dataset.policy.warnAfter > interval[producer]!, "\(dataset.name)")
                #expect(dataset.policy.warnAfter <= interval[producer]! * 2 + 8 * 3600, "\(dataset.name)")
            }
        }
        #expect(Fixtures.dataset("raw.customers").policy == FreshnessPolicy(warnAfter: 3600, errorAfter: 7200))
        #expect(Fixtures.dataset("raw.stripe_charges").policy == FreshnessPolicy(warnAfter: 7200, errorAfter: 14400))
        #expect(Fixtures.dataset("raw.google_ads_spend").policy == FreshnessPolicy(warnAfter: 26 * 3600, errorAfter: 30 * 3600))
    }

    @Test func mostDatasetsAreFreshOnAQuietDay() {
        // Two days before the story nothing is scripted: only random failures may put a table in warn.
        let t = Fixtures.minutes(-2 * 24 * 60)
        let attention = platform.datasets.filter { Fixtures.state($0.name, at: t) != .fresh }
        #expect(attention.count <= 12, "\(attention.map(\.name))")
    }
}
