import Foundation
import Testing
import VigilCollectors
import VigilCore

/// DAG versions as changes, from runs' `dag_versions` captured from a real Airflow 3.3.2 (Fixtures/airflow-3.3.2,
/// dag_runs_payments_ingest_new_version.json: a failed run on version 2, a successful one on version 1).
@Suite struct AirflowVersionChangeTests {
    func versions() throws -> [AirflowV2.DAGVersion] {
        try AirflowFixtures.decodeV2(AirflowV2.DAGRunCollection.self, "dag_runs_payments_ingest_new_version.json")
            .dagRuns.flatMap { $0.dagVersions ?? [] }
    }

    @Test func aDAGSeenForTheFirstTimeIsABaseline() throws {
        let (changes, marks) = AirflowMapping.versionChanges(try versions(), marks: [:], source: "af")
        #expect(changes.isEmpty)
        #expect(marks == ["pipeline:af/payments_ingest": "2"])
    }

    @Test func aNewerVersionThanTheMarkIsOneChange() throws {
        let (changes, marks) = AirflowMapping.versionChanges(try versions(), marks: ["pipeline:af/payments_ingest": "1"],
                                                             source: "af")
        let change = try #require(changes.first)
        #expect(changes.count == 1)
        #expect(change.id == "af:dag_version:payments_ingest:2")
        #expect(change.title == "payments_ingest version 1 → 2 (bundle dags-folder)")
        #expect(change.subjects == ["pipeline:af/payments_ingest"] && change.ref == "2" && change.kind == .dagVersion)
        // created_at of version 2 in dag_versions_payments_ingest.json.
        let listed = try AirflowFixtures.decodeV2(VersionList.self, "dag_versions_payments_ingest.json").dagVersions
        #expect(change.at == listed.first { $0.versionNumber == 2 }?.createdAt)
        #expect(marks == ["pipeline:af/payments_ingest": "2"])
        // Seen again, or an older run's version: nothing.
        #expect(AirflowMapping.versionChanges(try versions(), marks: marks, source: "af").changes.isEmpty)
    }

    @Test func aBundleVersionIsNamed() throws {
        var v = try #require(try versions().first)
        v.bundleName = "dags-git"
        v.bundleVersion = "4f2a9c1"
        let change = try #require(AirflowMapping.versionChanges([v], marks: ["pipeline:af/payments_ingest": "1"], source: "af")
            .changes.first)
        #expect(change.title == "payments_ingest version 1 → 2 (bundle dags-git @ 4f2a9c1)")
    }

    struct VersionList: Decodable {
        var dagVersions: [AirflowV2.DAGVersion]
    }
}
