import Foundation
import Testing
import VigilCollectors
import VigilConfig
import VigilCore
import VigilStore

/// DbtCollector on the artifacts of a real dbt 1.11 build of Tests/Integration/dbt_project on PostgreSQL 15
/// (scripts/dbt-integration): the store must say what dbt and PostgreSQL say.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["VIGIL_DBT_TARGET_DIR"] != nil))
struct DbtIntegrationTests {
    let source = "dbt-it"
    let dbt: RawDbtArtifacts
    let store: Store
    let collector: DbtCollector
    let summary: DbtPollSummary

    init() async throws {
        let dir = try #require(IntegrationEnvironment.dbtTargetDir)
        dbt = try RawDbtArtifacts(directory: dir)
        store = try Store.inMemory()
        collector = DbtCollector(store: store, sourceName: source, targetDir: dir, warehouse: try Self.boundWarehouse(dir))
        let result = await collector.collect()
        guard case let .updated(summary) = result else {
            throw IntegrationFailure("first poll of \(dir) did not update the store: \(result)")
        }
        self.summary = summary
    }

    private var pipelineID: String { dbt.projectName }

    private func tasks() throws -> [TaskInstance] {
        try store.taskInstances(source: source, pipelineID: pipelineID, runID: dbt.invocationID)
    }

    private func dataset(_ name: String) throws -> DatasetSummary {
        try #require(try store.snapshot().datasets.first { $0.dataset.name == name }, "no dataset \(name) in the store")
    }

    /// The warehouse as `vigil collect` wires it: a config whose dbt source names the postgres source dbt built into
    /// (`warehouse:`), its location read from that source's DSN.
    static func boundWarehouse(_ targetDir: String) throws -> PostgresLocation? {
        let yaml = """
            sources:
              - {name: dbt-it, kind: dbt, target_dir: \(targetDir), warehouse: wh}
              - {name: other, kind: postgres, dsn_env: VIGIL_TEST_UNSET_DSN}
              - {name: wh, kind: postgres, dsn_env: VIGIL_PG_DSN}
            """
        let config = try ConfigLoader.parse(yaml: yaml, file: "/tmp/vigil.yaml").get()
        let warehouse = try #require(config.warehouse(of: config.sources[0]))
        return try #require(PostgresLocation.of(config: warehouse), "VIGIL_PG_DSN is unset or not a DSN")
    }

    /// The project is built to produce each outcome; if dbt stops producing one, these tests would prove less.
    @Test func theProjectProducesEveryOutcomeItWasBuiltFor() async throws {
        let statuses = dbt.results.compactMap { $0["status"] as? String }
        #expect(statuses.filter { $0 == "fail" }.count == 1)
        #expect(statuses.filter { $0 == "warn" }.count == 1)
        #expect(statuses.contains("skipped") && statuses.contains("pass") && statuses.contains("success"))
        #expect(Set(dbt.sourceResults.compactMap { $0["status"] as? String }) == ["pass", "warn", "error"])
        #expect(dbt.which == "build")
        // The warning is a test configured `severity: warn`; the failure is on a tier-2 model nothing tier-1 reads.
        let warned = try #require(dbt.results.first { $0["status"] as? String == "warn" }?["unique_id"] as? String)
        #expect(((dbt.nodes[warned]?["config"] as? [String: Any])?["severity"] as? String)?.lowercased() == "warn")
        let failed = try #require(dbt.results.first { $0["status"] as? String == "fail" }?["unique_id"] as? String)
        let model = try #require(dbt.nodes[failed]?["attached_node"] as? String)
        #expect(Self.tier(try #require(dbt.nodes[model]), extraMeta: nil) == 2)
        #expect(dbt.downstream(of: model).allSatisfy { Self.tier(dbt.nodes[$0] ?? [:], extraMeta: nil) != 1 })
        // No model, seed or snapshot errored: only tests failed.
        #expect(!dbt.results.contains { $0["status"] as? String == "error" })
    }

    @Test func oneRunPerInvocationWithDbtsOutcomeAndSpan() async throws {
        #expect(summary.pipelineID == dbt.projectName)
        #expect(summary.runID == dbt.invocationID)
        #expect(summary.taskInstances == dbt.results.count)

        let snapshot = try store.snapshot()
        #expect(snapshot.sources.map(\.name) == [source])
        #expect(snapshot.sources.first?.health == .ok && snapshot.sources.first?.lastError == nil)
        #expect(snapshot.pipelines.map(\.pipeline.pipelineID) == [dbt.projectName])
        let runs = try store.runs(source: source, pipelineID: pipelineID)
        #expect(runs.map(\.runID) == [dbt.invocationID])
        let run = try #require(runs.first)
        // Only a model, seed or snapshot erroring fails the run; here a test failed and a model was skipped for it.
        let relationFailed = dbt.results.contains {
            dbt.relationNodes[$0["unique_id"] as? String ?? ""] != nil && $0["status"] as? String == "error"
        }
        #expect(!relationFailed)
        #expect(run.state == .success)
        #expect(try store.snapshot().pipelines.first?.failedTasks.isEmpty == true)
        #expect(run.runType == dbt.which)
        // The whole invocation, as dbt timed it: invocation_started_at to generated_at.
        let metadata = try #require(dbt.runResults["metadata"] as? [String: Any])
        let started = try #require((metadata["invocation_started_at"] as? String).flatMap(parseTimestamp))
        let generated = try #require((metadata["generated_at"] as? String).flatMap(parseTimestamp))
        #expect(sameInstant(run.startedAt, started))
        #expect(sameInstant(run.endedAt, generated))
        // It holds every node's execution.
        let spans = dbt.results.map(RawDbtArtifacts.span)
        #expect(try #require(run.startedAt) <= spans.compactMap(\.start).min()!)
        #expect(try #require(run.endedAt) >= spans.compactMap(\.end).max()!)
    }

    @Test func everyNodeResultIsATaskInstanceWithDbtsStateAndFailures() async throws {
        let stored = Dictionary(uniqueKeysWithValues: try tasks().map { ($0.taskID, $0) })
        let expectedIDs = dbt.results.compactMap { ($0["unique_id"] as? String).map(dbt.taskID) }
        #expect(Set(expectedIDs).count == expectedIDs.count)
        #expect(Set(stored.keys) == Set(expectedIDs))
        for result in dbt.results {
            let uniqueID = try #require(result["unique_id"] as? String)
            let status = try #require(result["status"] as? String)
            let task = try #require(stored[dbt.taskID(uniqueID)], "no task for \(uniqueID)")
            let state: RunState = switch status {
            case "success", "pass", "warn": .success
            case "skipped": .skipped
            default: .failed
            }
            #expect(task.state == state, "\(uniqueID): dbt says \(status)")
            #expect(task.operatorName == uniqueID.split(separator: ".").first.map(String.init))
            let span = RawDbtArtifacts.span(result)
            #expect(sameInstant(task.startedAt, span.start) && sameInstant(task.endedAt, span.end), "\(uniqueID)")

            switch status {
            case "fail", "warn", "error":
                let message = try #require(task.errorMessage, "\(uniqueID) is \(status) but has no message")
                if let dbtMessage = result["message"] as? String { #expect(message.contains(dbtMessage)) }
                if let failures = result["failures"] as? Int, failures > 0 {
                    #expect(message.hasSuffix("(\(failures) failure\(failures == 1 ? "" : "s"))"), "\(message)")
                }
                #expect(message.hasPrefix("warn: ") == (status == "warn"))
            default:
                #expect(task.errorMessage == nil, "\(uniqueID) is \(status)")
            }
        }
    }

    /// dbt's count of the failing not_null test is the number of rows PostgreSQL holds without an email; the test
    /// is a failed task in the run's list and a failing check of the dataset it tests.
    @Test func theFailingTestsCountIsWhatPostgresHolds() async throws {
        let failing = try #require(dbt.results.first { $0["status"] as? String == "fail" })
        let failures = try #require(failing["failures"] as? Int)
        let uniqueID = try #require(failing["unique_id"] as? String)
        #expect(uniqueID.contains("not_null_dim_customers_email"))
        #expect(failures == Int(try Postgres.query("select count(*) from analytics.dim_customers where email is null")))
        #expect(failures == Int(try Postgres.query("select count(*) from raw.customers where email is null")))
        let task = try #require(try tasks().first { $0.taskID == dbt.taskID(uniqueID) })
        #expect(task.state == .failed)
        #expect(task.errorMessage?.hasSuffix("(\(failures) failures)") == true)

        let quality = try #require(try dataset("analytics.dim_customers").quality)
        #expect(quality.state == .fail)
        let check = try #require(quality.checks.first { $0.name == dbt.nodes[uniqueID]?["name"] as? String })
        #expect(check.kind == .test && check.state == .fail && check.source == source)
        #expect(check.failures == failures)
        #expect(check.message == failing["message"] as? String)
        #expect(check.message == "Got \(failures) results, configured to fail if != 0")
        #expect(sameInstant(check.at, RawDbtArtifacts.span(failing).end))
    }

    /// Every test that ran is a check on the dataset it tests, with dbt's status, failures and message; the
    /// `severity: warn` test leaves its dataset's quality at warn.
    @Test func testResultsAreChecksOfTheDatasetsTheyTest() async throws {
        let datasets = try store.snapshot().datasets
        var expected: Set<String> = []
        for result in dbt.results {
            let uniqueID = try #require(result["unique_id"] as? String)
            guard let node = dbt.nodes[uniqueID], node["resource_type"] as? String == "test" else { continue }
            let status = try #require(result["status"] as? String)
            let name = try #require(node["name"] as? String)
            let tested = (node["attached_node"] as? String).map { [$0] } ?? dbt.dependsOn(uniqueID)
            for datasetName in tested.compactMap(dbt.relationName) {
                let check = datasets.first { $0.dataset.name == datasetName }?.quality?.checks.first { $0.name == name }
                if status == "skipped" {
                    #expect(check == nil, "\(name) was skipped: no result")
                    continue
                }
                expected.insert("\(datasetName)/\(name)")
                #expect(check?.state.rawValue == status, "\(datasetName)/\(name): dbt says \(status)")
                #expect(check?.failures == result["failures"] as? Int, "\(name)")
                #expect(check?.message == (result["message"] as? String).flatMap { $0.isEmpty ? nil : $0 }, "\(name)")
            }
        }
        let stored = Set(datasets.flatMap { $0.quality?.checks ?? [] }.map(\.id))
        #expect(stored == expected)
        #expect(summary.checks == expected.count)

        let warning = try #require(dbt.results.first { $0["status"] as? String == "warn" })
        let orders = try #require(try dataset("analytics.stg_orders").quality)
        #expect(orders.state == .warn)
        #expect(orders.checks.first?.failures == warning["failures"] as? Int)
        #expect(orders.checks.first?.failures == Int(try Postgres.query("""
            select count(*) from analytics.stg_orders where status not in ('placed', 'shipped', 'completed', 'returned')
            """)))
        // The tier-1 mart's test passed.
        #expect(try dataset("analytics.fct_orders").quality?.state == .pass)
    }

    /// With the warehouse bound in the config, each model and source is `{database}.{schema}.{relation}` on the
    /// server dbt built into, and a table of that name is there.
    @Test func identitiesAreTheTablesOnTheWarehouse() async throws {
        let location = try #require(try Self.boundWarehouse(IntegrationEnvironment.dbtTargetDir ?? ""))
        #expect(location.namespace == "postgres://127.0.0.1:54329")
        let built = Set(dbt.results.filter { $0["status"] as? String == "success" }.compactMap { $0["unique_id"] as? String })
        for (uniqueID, node) in dbt.relationNodes.merging(dbt.manifestSources, uniquingKeysWith: { a, _ in a }) {
            let name = try #require(dbt.relationName(uniqueID))
            let database = try #require(node["database"] as? String)
            let relation = try #require((node["alias"] ?? node["identifier"]) as? String)
            let schema = try #require(node["schema"] as? String)
            let identity = try dataset(name).dataset.identity
            #expect(identity == DatasetIdentity(namespace: "postgres://127.0.0.1:54329", name: "\(database).\(schema).\(relation)"),
                    "\(name)")
            #expect(identity?.name == "warehouse.\(name)")  // the short name is schema.relation, unchanged
            if uniqueID.hasPrefix("source.") || built.contains(uniqueID) {
                #expect(try Postgres.query("""
                    select count(*) from information_schema.tables
                    where table_catalog = '\(database)' and table_schema = '\(schema)' and table_name = '\(relation)'
                    """) == "1", "\(identity?.description ?? name) is not a table on the warehouse")
            }
        }
        #expect(try dataset("raw.customers").dataset.identity?.description == "postgres://127.0.0.1:54329/warehouse.raw.customers")
    }

    @Test func datasetsTiersAndPoliciesComeFromTheManifest() async throws {
        let datasets = try store.snapshot().datasets
        let expected = Set(dbt.relationNodes.keys.compactMap(dbt.relationName))
            .union(dbt.manifestSources.keys.compactMap(dbt.relationName))
        #expect(Set(datasets.map(\.dataset.name)) == expected)
        #expect(summary.datasets == expected.count)

        for (uniqueID, node) in dbt.relationNodes {
            let name = try #require(dbt.relationName(uniqueID))
            let stored = try #require(datasets.first { $0.dataset.name == name })
            #expect(stored.dataset.tier == Self.tier(node, extraMeta: nil), "\(name)")
            #expect(stored.dataset.producedBy == dbt.projectName)
            #expect(stored.dataset.policy == DbtMapping.defaultPolicy)  // dbt gives models no thresholds
        }
        for (uniqueID, table) in dbt.manifestSources {
            let name = try #require(dbt.relationName(uniqueID))
            let stored = try #require(datasets.first { $0.dataset.name == name })
            #expect(stored.dataset.tier == Self.tier(table, extraMeta: table["source_meta"] as? [String: Any]), "\(name)")
            #expect(stored.dataset.producedBy == nil)
            let criteria = try #require(((table["config"] as? [String: Any])?["freshness"] ?? table["freshness"]) as? [String: Any])
            #expect(stored.dataset.policy.warnAfter == Self.seconds(criteria["warn_after"]), "\(name)")
            #expect(stored.dataset.policy.errorAfter == Self.seconds(criteria["error_after"]), "\(name)")
        }
        // What the project declares: meta tier on a mart and a source, a "tier:2" tag on another mart.
        #expect(try dataset("analytics.fct_orders").dataset.tier == 1)
        #expect(try dataset("raw.customers").dataset.tier == 1)
        #expect(try dataset("analytics.dim_customers").dataset.tier == 2)
        #expect(try dataset("analytics.stg_orders").dataset.tier == DbtMapping.defaultTier)
        #expect(try dataset("raw.customers").dataset.owner == "crm-team")
        #expect(try store.snapshot().pipelines.first?.pipeline.tier == 1)
    }

    @Test func sourceFreshnessMatchesSourcesJSON() async throws {
        for result in dbt.sourceResults {
            let uniqueID = try #require(result["unique_id"] as? String)
            let name = try #require(dbt.relationName(uniqueID))
            let maxLoadedAt = try #require((result["max_loaded_at"] as? String).flatMap(parseTimestamp))
            let snapshottedAt = try #require((result["snapshotted_at"] as? String).flatMap(parseTimestamp))
            let stored = try dataset(name)
            #expect(sameInstant(stored.lastLoadedAt, maxLoadedAt), "\(name)")
            #expect(sameInstant(stored.lastObservedAt, snapshottedAt), "\(name)")
            // Judged at the moment dbt judged it, Vigil must agree with dbt's verdict.
            let state: FreshnessState = switch result["status"] as? String {
            case "pass": .fresh
            case "warn": .warn
            case "error": .error
            default: .unknown
            }
            #expect(stored.state(now: snapshottedAt) == state, "\(name): dbt says \(result["status"] ?? "nil")")
            let history = try store.freshnessHistory(dataset: name, since: .distantPast)
            #expect(history.count == 1 && sameInstant(history.first?.loadedAt, maxLoadedAt), "\(name)")
        }
        // Stale data only gets staler: still an error now.
        #expect(try dataset("raw.customers").state(now: Date()) == .error)
    }

    /// max(loaded_at) straight from PostgreSQL equals what the store holds for each source table.
    @Test func sourceLoadTimesMatchPostgres() async throws {
        for table in ["raw.customers", "raw.orders", "raw.payments"] {
            let loaded = try Postgres.epoch("select max(loaded_at) from \(table)")
            #expect(loaded != nil)
            #expect(sameInstant(try dataset(table).lastLoadedAt, loaded), "\(table)")
        }
    }

    @Test func builtModelsAreAsFreshAsTheirBuild() async throws {
        for result in dbt.results {
            let uniqueID = try #require(result["unique_id"] as? String)
            guard let name = dbt.relationName(uniqueID) else { continue }
            let stored = try dataset(name)
            if result["status"] as? String == "success" {
                #expect(sameInstant(stored.lastLoadedAt, RawDbtArtifacts.span(result).end), "\(name)")
            } else {
                #expect(stored.lastLoadedAt == nil, "\(name) was \(result["status"] ?? "nil"), never seen built")
            }
        }
        #expect(try dataset("analytics.rpt_customer_contacts").lastLoadedAt == nil)  // skipped after the failing test
    }

    @Test func lineageFollowsDependsOn() async throws {
        let pipelineNode = LineageNode.pipeline(source: source, id: dbt.projectName)
        var expected: Set<LineageEdge> = []
        for uniqueID in dbt.relationNodes.keys {
            let name = try #require(dbt.relationName(uniqueID))
            expected.insert(LineageEdge(upstream: pipelineNode, downstream: LineageNode.dataset(name)))
            for upstream in dbt.dependsOn(uniqueID) {
                guard let upstreamName = dbt.relationName(upstream) else { continue }
                expected.insert(LineageEdge(upstream: LineageNode.dataset(upstreamName), downstream: LineageNode.dataset(name)))
            }
        }
        let stored = try store.snapshot().lineage
        #expect(Set(stored) == expected)
        #expect(stored.count == expected.count)
        #expect(expected.contains(LineageEdge(upstream: LineageNode.dataset("raw.customers"),
                                              downstream: LineageNode.dataset("analytics.stg_customers"))))
    }

    /// The pipeline lists every test, model and seed, each after everything it depends on.
    @Test func pipelineTasksComeInDependencyOrder() async throws {
        let pipeline = try #require(try store.snapshot().pipelines.first?.pipeline)
        let executable = dbt.nodes.filter { ["model", "seed", "snapshot", "test"].contains($0.value["resource_type"] as? String ?? "") }
        #expect(Set(pipeline.tasks) == Set(executable.keys.map(dbt.taskID)))
        #expect(pipeline.tasks.count == executable.count)
        let position = Dictionary(uniqueKeysWithValues: pipeline.tasks.enumerated().map { ($1, $0) })
        for uniqueID in executable.keys {
            for parent in dbt.dependsOn(uniqueID) where executable[parent] != nil {
                #expect(position[dbt.taskID(parent)]! < position[dbt.taskID(uniqueID)]!, "\(parent) before \(uniqueID)")
            }
        }
    }

    @Test func unchangedArtifactsWriteNothing() async throws {
        let token = try store.changeToken()
        #expect(await collector.collect() == .unchanged)
        #expect(try store.changeToken() == token)
    }

    /// meta.tier (config.meta, then meta, then extra), else a "tier:N" tag, else 3.
    static func tier(_ node: [String: Any], extraMeta: [String: Any]?) -> Int {
        let config = node["config"] as? [String: Any]
        for meta in [config?["meta"], node["meta"], extraMeta].compactMap({ $0 as? [String: Any] }) {
            if let tier = meta["tier"] as? Int { return tier }
        }
        let tags = [config?["tags"], node["tags"]].compactMap { $0 as? [String] }.flatMap { $0 }
        for tag in tags where tag.hasPrefix("tier:") {
            if let tier = Int(tag.dropFirst(5)) { return tier }
        }
        return 3
    }

    /// dbt's {count, period} threshold in seconds.
    static func seconds(_ threshold: Any?) -> TimeInterval? {
        guard let threshold = threshold as? [String: Any], let count = threshold["count"] as? Int else { return nil }
        let unit: TimeInterval? = switch threshold["period"] as? String {
        case "minute": 60
        case "hour": 3600
        case "day": 86_400
        default: nil
        }
        return unit.map { TimeInterval(count) * $0 }
    }
}

struct IntegrationFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
