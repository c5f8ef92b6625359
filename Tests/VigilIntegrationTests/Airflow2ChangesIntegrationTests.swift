import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilCollectors
import VigilCore
import VigilStore

/// A DAG's source changed between polls, against the real Airflow 2.10.5 of scripts/airflow2-integration: the test
/// writes a DAG file into the DAGs folder Airflow reads (a copy, VIGIL_AIRFLOW2_DAGS_DIR), polls once (the first read
/// of its source is a baseline), edits the file, and once Airflow serves the new text polls again: one change with
/// the new text's SHA-256. The DAG is deleted at the end (file, then the DAG as admin). An extension of the serialized
/// suite: nothing else reads this Airflow meanwhile.
extension Airflow2IntegrationTests {
    @Test(.enabled(if: IntegrationEnvironment.variables["VIGIL_AIRFLOW2_DAGS_DIR"] != nil))
    func anEditedDAGFileIsAChangeWithItsNewHash() async throws {
        let dags = try #require(IntegrationEnvironment.variables["VIGIL_AIRFLOW2_DAGS_DIR"])
        let dag = "vigil2_change_" + UUID().uuidString.prefix(8).lowercased()
        let file = URL(fileURLWithPath: dags).appendingPathComponent("\(dag).py")
        var failure: (any Error)?
        do {
            try await scenario(dag: dag, file: file)
        } catch {
            failure = error
        }
        try? FileManager.default.removeItem(at: file)
        let passwords = URL(fileURLWithPath: try #require(Airflow2Environment.passwordFile)).deletingLastPathComponent()
            .appendingPathComponent("passwords.json")
        if let data = try? Data(contentsOf: passwords),
           let admin = (try? JSONSerialization.jsonObject(with: data) as? [String: String])?["admin"] {
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline {
                var request = URLRequest(url: api.base.appendingPathComponent("api/v1/dags/\(dag)"))
                request.httpMethod = "DELETE"
                request.setValue("Basic " + Data("admin:\(admin)".utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
                let status = ((try? await URLSession.shared.data(for: request))?.1 as? HTTPURLResponse)?.statusCode ?? 0
                if status == 404 || (200..<300).contains(status) { break }
                try? await Task.sleep(for: .seconds(2))
            }
        }
        if let failure { throw failure }
    }

    private func scenario(dag: String, file: URL) async throws {
        func write(_ note: String) throws {
            try """
                \"\"\"Written by Airflow2ChangesIntegrationTests: \(note).\"\"\"
                from airflow import DAG
                from airflow.decorators import task

                with DAG(dag_id="\(dag)", schedule=None, catchup=False, tags=["vigil"]):

                    @task
                    def load():
                        return "\(note)"

                    load()

                """.write(to: file, atomically: true, encoding: .utf8)
        }
        func waitFor(_ what: String, _ done: () async throws -> Bool) async throws {
            let deadline = Date().addingTimeInterval(300)
            while Date() < deadline {
                if (try? await done()) == true { return }
                try await Task.sleep(for: .seconds(2))
            }
            throw IntegrationFailure("\(what): not within 300 s")
        }
        try write("first")
        var token = ""
        try await waitFor("DAG \(dag) parsed") {
            token = try await api.object("/api/v1/dags/\(dag)")["file_token"] as? String ?? ""
            return !token.isEmpty
        }
        _ = try await pollOK()
        let subject = "pipeline:\(source)/\(dag)"
        let first = try #require(try store.changeMarks(source: source)[subject], "the source of \(dag) was not read")
        #expect(try store.changes(from: .distantPast, to: .distantFuture).filter { $0.subjects == [subject] }.isEmpty)

        try write("second")
        var text = ""
        try await waitFor("the new source of \(dag) served") {
            text = try await api.text("/api/v1/dagSources/\(token)")
            return text.contains("second")
        }
        // The source is read again once the DAG's last_parsed_time moved, which Airflow does when it parses the file.
        var change: Change?
        try await waitFor("a change for \(dag)") {
            _ = try await pollOK()
            change = try store.changes(from: .distantPast, to: .distantFuture).first { $0.subjects == [subject] }
            return change != nil
        }
        let hash = SHA256.hex(SHA256.hash(Array(text.utf8)))
        let found = try #require(change)
        #expect(found.kind == .dagSource && found.ref == hash && hash != first)
        #expect(found.title == "\(dag) source changed (sha256 \(hash.prefix(8)))")
        #expect(found.id == "\(source):dag_source:\(dag):\(hash)")
        #expect(try store.changeMarks(source: source)[subject] == hash)
    }
}
