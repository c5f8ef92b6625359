import Foundation
import Testing
import VigilTestSupport

/// The SLO issue's "done when", on the real systems: the Airflow task that fails (vigil_retry_fail.push_to_crm,
/// try 2 of 2) produces raw.customers, which the warehouse sees stale; dbt's models read it. Vigil names that task
/// as the cause and lists the tier-1 datasets at risk, in `vigil why`, in `vigil status` and in the console.
/// The config names no producer (issue 11): the DAG's outlet assets (postgres://127.0.0.1:54329/warehouse/raw/...),
/// dbt's sources and the warehouse tables are one dataset each because their OpenLineage identities agree.
extension AirflowIntegrationTests {
    @Test func theFailedAirflowTaskIsNamedAsTheCauseOfTheStaleTable() async throws {
        let (dir, config, bin) = try fullStack()
        defer { try? FileManager.default.removeItem(at: dir) }
        let collect = try ChildProcess.run(bin, ["collect", "--once", "--config", config.path], timeout: 120)
        #expect(collect.status == 0, "collect --once failed: \(collect.stderr)")

        // What dbt says reads raw.customers, directly or not, and which of those it marks tier 1.
        let dbt = try RawDbtArtifacts(directory: try #require(IntegrationEnvironment.dbtTargetDir))
        let downstream = try dbt.downstreamRelations(ofSource: "raw.customers")
        #expect(!downstream.isEmpty, "the dbt project has models on raw.customers")

        // vigil why: the chain, for scripts and chat.
        let why = try ChildProcess.run(bin, ["why", "raw.customers", "--config", config.path])
        #expect(why.status == 1, "raw.customers is not fresh: \(why.stdout) \(why.stderr)")
        #expect(why.stdout.contains("why: vigil_retry_fail.push_to_crm failed"), "\(why.stdout)")
        #expect(why.stdout.contains("(try 2/2) → raw.customers"), "\(why.stdout)")
        #expect(why.stdout.contains("tier-1 dataset"), "\(why.stdout)")

        // vigil status: cause and blast radius in JSON.
        let status = try ChildProcess.run(bin, ["status", "--format", "json", "--config", config.path])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(report["status"] as? String == "CRITICAL")
        let datasets = try #require(report["datasets"] as? [[String: Any]])
        let customers = try #require(datasets.first { $0["name"] as? String == "raw.customers" })
        #expect(customers["freshness_state"] as? String == "error")
        let cause = try #require(customers["cause"] as? [String: Any])
        #expect(cause["pipeline"] as? String == "prod-airflow/vigil_retry_fail")
        #expect(cause["task_id"] as? String == "push_to_crm")
        #expect(cause["try_number"] as? Int == 2 && cause["max_tries"] as? Int == 2)
        #expect(cause["kind"] as? String == "failed")
        #expect((cause["error"] as? String)?.contains("RuntimeError: CRM refused the batch (vigil integration test)") == true,
                "\(cause)")
        // The producer inferred from the asset: the DAG and the task with the table as outlet; dbt's models name the
        // node that builds them.
        #expect(customers["produced_by"] as? String == "vigil_retry_fail", "\(customers)")
        #expect(customers["producer_task"] as? String == "push_to_crm", "\(customers)")
        let models = datasets.filter { $0["produced_by"] as? String == "vigil_it" }
        #expect(!models.isEmpty && models.allSatisfy { ($0["producer_task"] as? String)?.contains(".vigil_it.") == true },
                "\(models.map { ($0["name"] ?? "", $0["producer_task"] ?? "") })")
        // One identity across Airflow, dbt and the warehouse: the table the DSN points at.
        let identity = try #require(customers["identity"] as? [String: Any])
        #expect(identity["namespace"] as? String == "postgres://127.0.0.1:54329", "\(identity)")
        #expect(identity["name"] as? String == "warehouse.raw.customers")
        // dbt's failing test is data correctness: a check on the dataset it tests, not a failed dbt run.
        let pipelines = try #require(report["pipelines"] as? [[String: Any]])
        let project = try #require(pipelines.first { $0["source"] as? String == "analytics" })
        #expect(project["state"] as? String != "failing", "\(project)")
        let checked = datasets.filter { ($0["quality"] as? [String: Any]) != nil }
        let states = Set(checked.compactMap { ($0["quality"] as? [String: Any])?["state"] as? String })
        #expect(states.contains("fail") && states.contains("warn"), "\(checked.map { ($0["name"] ?? "", $0["quality"] ?? "") })")
        let blast = try #require(customers["blast_radius"] as? [String: Any])
        let atRisk = try #require(blast["datasets"] as? [[String: Any]]).compactMap { $0["name"] as? String }
        #expect(Set(downstream.map(\.name)).isSubset(of: Set(atRisk)), "\(atRisk) lacks some of \(downstream)")
        #expect(blast["tier1_count"] as? Int == downstream.filter { $0.tier == 1 }.count)
        #expect((customers["slo"] as? [String: Any])?["objective"] as? Double == 0.995)

        // Exactly one incident for that cause, with the tier-1 runbook attached; a second pass opens no other.
        // (The dbt build's failed test does not fail its run: no incident for the dbt project.)
        let before = try ChildProcess.run(bin, ["incident", "list", "--config", config.path]).stdout
        #expect(try ChildProcess.run(bin, ["collect", "--once", "--config", config.path], timeout: 120).status == 0)
        let list = try ChildProcess.run(bin, ["incident", "list", "--config", config.path]).stdout
        #expect(list.split(separator: "\n").count == before.split(separator: "\n").count, "\(before)\n---\n\(list)")
        let forTheDAG = list.split(separator: "\n").filter { $0.contains("vigil_retry_fail") }
        #expect(forTheDAG.count == 1, "\(list)")
        // dbt's failing test opened a data-correctness incident of its own, never one about the dbt project failing.
        #expect(!list.contains("vigil_it failing"), "\(list)")
        let incidents = try #require(report["incidents"] as? [[String: Any]])
        #expect(incidents.contains { $0["kind"] as? String == "data_correctness" }, "\(incidents)")
        #expect(incidents.filter { $0["kind"] as? String == "pipeline" }.count == 1, "\(incidents)")
        let id = try #require(forTheDAG.first?.split(separator: "\t").first.map(String.init))
        let show = try ChildProcess.run(bin, ["incident", "show", id, "--config", config.path])
        #expect(show.stdout.contains("runbook: stale-tier1-table"), "\(show.stdout)")
        // The DAG failing and both tables it feeds breaching are one cause: one incident lists all three. (Whether the
        // tables arrive in the detection or as "same cause" entries depends on which source's pass joined the graph
        // first: the DAG is tier 1 only once its assets are joined onto the tier-1 tables.)
        #expect(show.stdout.contains("datasets: raw.customers, raw.payments") || show.stdout.contains("datasets: raw.payments, raw.customers"),
                "\(show.stdout)")
        let entries = show.stdout.split(separator: "\n").filter { $0.contains("\tsignal\tsame cause: raw.") || $0.contains("\tdetected\t") }
        for subject in ["vigil_retry_fail (tier 1) failing", "raw.customers (tier 1) stale", "raw.payments (tier 1) stale"] {
            #expect(entries.filter { $0.contains(subject) }.count == 1, "\(subject): \(show.stdout)")
        }
        #expect(show.stdout.contains("pipelines: prod-airflow/vigil_retry_fail"))
        #expect(show.stdout.contains("cause: vigil_retry_fail.push_to_crm failed"))
        // Opened by the DAG failing: tier-1 datasets at risk are the two raw tables and every tier-1 model on them.
        let onPayments = try dbt.downstreamRelations(ofSource: "raw.payments")
        let tier1AtRisk = Set((downstream + onPayments).filter { $0.tier == 1 }.map(\.name)).count + 2
        let expectedSeverity = tier1AtRisk >= 3 ? "SEV1" : "SEV2"
        #expect(show.stdout.hasPrefix("\(id)  \(expectedSeverity)  triggered"), "\(show.stdout)")

        // The console: Freshness, the dataset's detail, the cause highlighted.
        let tmux = try TmuxSession(width: 140, height: 45, directory: dir)
        try tmux.type("clear; TERM=xterm-256color SWIFT_BACKTRACE=interactive=no XDG_STATE_HOME=\(dir.path) "
                      + "\(bin) console --config \(config.path); echo EXIT=$?")
        try tmux.waitFor(text: "Pipeline health", timeout: 60)
        try tmux.press("2", "/")
        try tmux.tmux(["send-keys", "-t", tmux.session, "-l", "raw.customers"])
        try tmux.press("Enter", "Enter")
        let detail = try tmux.waitFor("the dataset detail", timeout: 60) { $0.contains("Why stale?") && $0.contains("Dataset raw.customers") }
        #expect(detail.contains("Why stale? vigil_retry_fail.push_to_crm failed"), "\(detail)")
        #expect(detail.contains("◀ cause"))
        #expect(detail.contains("tier-1 at risk: \(downstream.filter { $0.tier == 1 }.count)"))
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
    }
}

extension RawDbtArtifacts {
    /// Relations downstream of a source (by relation name), following the manifest's depends_on, with their tier
    /// as Vigil reads it (meta.tier, a tier:N tag, else 3).
    func downstreamRelations(ofSource relation: String) throws -> [(name: String, tier: Int)] {
        let sourceIDs = manifestSources.keys.filter { relationName($0) == relation }
        return Set(sourceIDs.flatMap(downstream(of:))).compactMap { id in
            guard let node = relationNodes[id], let name = relationName(id) else { return nil }
            return (name, DbtIntegrationTests.tier(node, extraMeta: nil))
        }
    }
}
