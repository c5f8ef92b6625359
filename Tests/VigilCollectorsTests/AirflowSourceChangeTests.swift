import Foundation
import Testing
import VigilCollectors
import VigilCore

/// Airflow 2 DAG sources as changes, on a DAG and its source captured from a real Airflow 2.10.5
/// (Fixtures/airflow-2.10.5: dag_vigil2_produce.json, dag_source_vigil2_produce.txt).
@Suite struct AirflowSourceChangeTests {
    let now = Date(timeIntervalSince1970: 1_796_000_000)

    func dag() throws -> AirflowDAG {
        AirflowMapping.dag(try AirflowFixtures.decodeV1(AirflowV1.DAG.self, "dag_vigil2_produce.json"), source: "af2")
    }

    @Test func aSourceIsReadOnceParsedAgainAndItsFirstHashIsABaseline() throws {
        let dag = try dag()
        let text = try AirflowFixtures.v1Text("dag_source_vigil2_produce.txt")
        let toRead = AirflowMapping.sourcesToRead([dag], marks: [:], source: "af2")
        #expect(toRead.map(\.fileToken) == [dag.fileToken])
        let (changes, marks) = AirflowMapping.sourceChanges([(dag, text)], marks: [:], source: "af2", at: now)
        #expect(changes.isEmpty)
        #expect(marks["pipeline:af2/vigil2_produce"] == SHA256.hex(SHA256.hash(Array(text.utf8))))
        // Not parsed again since: not read again.
        #expect(AirflowMapping.sourcesToRead([dag], marks: marks, source: "af2").isEmpty)
    }

    @Test func anEditedSourceIsOneChange() throws {
        var dag = try dag()
        let text = try AirflowFixtures.v1Text("dag_source_vigil2_produce.txt")
        let marks = AirflowMapping.sourceChanges([(dag, text)], marks: [:], source: "af2", at: now).marks
        dag.parseKey = (dag.parseKey ?? "") + "-parsed-again"
        #expect(AirflowMapping.sourcesToRead([dag], marks: marks, source: "af2").count == 1)
        let edited = text + "\n# retries raised\n"
        let hash = SHA256.hex(SHA256.hash(Array(edited.utf8)))
        let (changes, newMarks) = AirflowMapping.sourceChanges([(dag, edited)], marks: marks, source: "af2", at: now)
        let change = try #require(changes.first)
        #expect(changes.count == 1 && change.kind == .dagSource && change.at == now)
        #expect(change.title == "vigil2_produce source changed (sha256 \(hash.prefix(8)))")
        #expect(change.id == "af2:dag_source:vigil2_produce:\(hash)" && change.ref == hash)
        #expect(change.subjects == ["pipeline:af2/vigil2_produce"])
        #expect(newMarks["pipeline:af2/vigil2_produce"] == hash)
        // The same text parsed again: no change, only the parse mark moves.
        let same = AirflowMapping.sourceChanges([(dag, text)], marks: marks, source: "af2", at: now)
        #expect(same.changes.isEmpty && same.marks.keys.sorted() == ["parsed:pipeline:af2/vigil2_produce"])
    }

    @Test func readsAreBoundedPerPass() throws {
        let base = try dag()
        let many = (0..<25).map { i -> AirflowDAG in
            var d = base
            d.pipeline.pipelineID = "dag_\(i)"
            d.fileToken = "token_\(i)"
            return d
        }
        #expect(AirflowMapping.sourcesToRead(many, marks: [:], source: "af2").count == AirflowMapping.maxSourceReads)
    }
}
