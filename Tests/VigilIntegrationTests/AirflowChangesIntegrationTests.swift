import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilApp
import VigilCollectors
import VigilCore
import VigilStore

/// A DAG version as a change, against the real Airflow 3.3.2 of scripts/airflow-integration: the test writes a DAG
/// file of its own into the DAGs folder Airflow reads (a copy, VIGIL_AIRFLOW_DAGS_DIR), runs it (version 1, success),
/// then edits it so it fails (a new task that raises: version 2) and runs it again. Tier 1 (a tag), so its failure
/// opens an incident. The collector records
/// "version 1 → 2" from the runs' dag_versions, and detection names that change on the incident the failure opens.
/// The DAG is deleted at the end (file, then the DAG and its runs, as admin), so the other tests' DAGs and runs are
/// what they expect. An extension of the serialized suite: nothing else reads Airflow while it runs.
extension AirflowIntegrationTests {
    @Test(.enabled(if: AirflowEnvironment.opsPasswordFile != nil && AirflowEnvironment.dagsDirectory != nil))
    func aNewDAGVersionIsRecordedAndNamedByTheIncidentItCaused() async throws {
        let dags = try #require(AirflowEnvironment.dagsDirectory)
        let dag = "vigil_change_" + UUID().uuidString.prefix(8).lowercased()
        let file = URL(fileURLWithPath: dags).appendingPathComponent("\(dag).py")
        let ops = try AirflowWriter(user: "vigil-ops", passwordFile: try #require(AirflowEnvironment.opsPasswordFile), base: api.base)
        var failure: (any Error)?
        do {
            try await scenario(dag: dag, file: file, ops: ops)
        } catch {
            failure = error
        }
        // Clean up whatever happened: the file first (or the DAG processor brings the DAG back), then the DAG.
        try? FileManager.default.removeItem(at: file)
        let adminFile = URL(fileURLWithPath: try #require(AirflowEnvironment.passwordFile)).deletingLastPathComponent()
            .appendingPathComponent("passwords.json")
        if let data = try? Data(contentsOf: adminFile),
           let admin = (try? JSONSerialization.jsonObject(with: data) as? [String: String])?["admin"] {
            let deleter = AirflowWriter(user: "admin", password: admin, base: api.base)
            try? await deleter.waitFor("DAG \(dag) deleted", within: 120) {
                let status = try await deleter.send("DELETE", "/api/v2/dags/\(dag)").status
                return status == 404 || (200..<300).contains(status)
            }
        }
        if let failure { throw failure }
    }

    private func scenario(dag: String, file: URL, ops: AirflowWriter) async throws {
        func write(failing: Bool) throws {
            let check = failing ? """

                    @task
                    def validate(n):
                        raise ValueError("currency column missing")

                    validate(load(extract()))
                """ : """

                    load(extract())
                """
            let text = """
                \"\"\"Written by AirflowChangesIntegrationTests: version \(failing ? 2 : 1).\"\"\"
                from airflow.sdk import DAG, task

                with DAG(dag_id="\(dag)", schedule=None, catchup=False, is_paused_upon_creation=False, tags=["vigil", "tier:1"]):

                    @task
                    def extract():
                        return 1

                    @task
                    def load(n):
                        return n
                \(check)

                """
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        /// Triggers a run and waits for it to end in `state`.
        func run(until state: String) async throws {
            let triggered = try await ops.send("POST", "/api/v2/dags/\(dag)/dagRuns", body: ["logical_date": NSNull()])
            try #require(triggered.status == 200, "trigger \(dag): HTTP \(triggered.status)")
            let runID = try #require(triggered.object["dag_run_id"] as? String)
            try await ops.waitFor("run \(runID) of \(dag) \(state)", within: 300) {
                let r = try await ops.send("GET", "/api/v2/dags/\(dag)/dagRuns/\(RawAirflow.segment(runID))")
                let now = r.object["state"] as? String
                if now == "failed" || now == "success" { try #require(now == state, "run \(runID) ended \(now ?? "?")") }
                return now == state
            }
        }

        try write(failing: false)
        try await ops.waitFor("DAG \(dag) parsed", within: 300) {
            try await ops.send("GET", "/api/v2/dags/\(dag)").status == 200
        }
        try await run(until: "success")
        let airflow = collector()
        _ = try await pollOK(airflow)
        let subject = "pipeline:\(source)/\(dag)"
        // The first version seen is a baseline, not a change.
        #expect(try store.changeMarks(source: source)[subject] == "1")
        #expect(try store.changes(from: .distantPast, to: .distantFuture).filter { $0.subjects == [subject] }.isEmpty)

        try write(failing: true)
        try await ops.waitFor("version 2 of \(dag)", within: 300) {
            (try await ops.send("GET", "/api/v2/dags/\(dag)/dagVersions").object["total_entries"] as? Int ?? 0) >= 2
        }
        try await run(until: "failed")
        _ = try await pollOK(airflow)
        let versions = try await ops.send("GET", "/api/v2/dags/\(dag)/dagVersions").object["dag_versions"] as? [[String: Any]]
        let created = RawAirflow.date(versions?.first { $0["version_number"] as? Int == 2 }?["created_at"])
        let change = try #require(try store.changes(from: .distantPast, to: .distantFuture).first { $0.subjects == [subject] },
                                  "no change recorded for \(dag)")
        #expect(change.kind == .dagVersion && change.ref == "2")
        #expect(change.title == "\(dag) version 1 → 2 (bundle dags-folder)")
        #expect(change.id == "\(source):dag_version:\(dag):2")
        #expect(sameSecond(change.at, created))
        #expect(try store.changeMarks(source: source)[subject] == "2")

        // Detection opens an incident for the failed run and names the version change as what changed before it.
        _ = try IncidentDetector(store: store).run()
        let incident = try #require(try store.incidents(openedSince: nil).first { $0.affectedPipelines.contains("\(source)/\(dag)") },
                                    "no incident for the failed run of \(dag)")
        #expect(incident.causeChangeID == change.id)
        let summary = try #require(try store.incident(id: incident.id))
        #expect(summary.timeline.contains { $0.text.contains("changed before: \(change.title)") },
                "\(summary.timeline.map(\.text))")
    }
}

extension AirflowEnvironment {
    /// The DAGs folder Airflow reads (a copy made by scripts/airflow-integration): the change tests write a DAG here.
    static let dagsDirectory = IntegrationEnvironment.variables["VIGIL_AIRFLOW_DAGS_DIR"]
}

/// Airflow 3's REST API as a user who may write (trigger runs; admin deletes the test's DAG), with URLSession and
/// JSONSerialization like `RawAirflow`, not the collector's client.
struct AirflowWriter {
    let user: String
    let password: String
    let base: URL

    init(user: String, password: String, base: URL) {
        self.user = user
        self.password = password
        self.base = base
    }

    init(user: String, passwordFile: String, base: URL) throws {
        self.init(user: user, password: try String(contentsOfFile: passwordFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines), base: base)
    }

    private func token() async throws -> String {
        var request = URLRequest(url: base.appendingPathComponent("auth/token"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["username": user, "password": password])
        let (data, _) = try await URLSession.shared.data(for: request)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return try #require(object?["access_token"] as? String, "no token for \(user)")
    }

    func send(_ method: String, _ path: String, body: [String: Any]? = nil) async throws -> (status: Int, object: [String: Any]) {
        var request = URLRequest(url: try #require(URL(string: base.absoluteString + path)))
        request.httpMethod = method
        request.timeoutInterval = 60
        request.setValue("Bearer \(try await token())", forHTTPHeaderField: "Authorization")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let object = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, object)
    }

    /// Asks `done` every 2 s until it says yes, for up to `seconds` (a loaded machine's Airflow takes its time).
    func waitFor(_ what: String, within seconds: TimeInterval, _ done: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await done() { return }
            try await Task.sleep(for: .seconds(2))
        }
        throw IntegrationFailure("\(what): not within \(Int(seconds)) s")
    }
}
