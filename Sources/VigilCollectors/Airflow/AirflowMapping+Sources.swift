import Foundation
import VigilCore

/// Airflow 2 DAG sources as changes. Airflow 2 has no DAG versions, and its file_token encodes the file's path, not
/// its content, so the content itself is compared. Decisions, in one place:
/// - a DAG's source is read (GET /api/v1/dagSources/{file_token}) only when its parse key (file and last_parsed_time)
///   moved since the last read, at most `maxSourceReads` files a pass, the longest-unread first; one read per file;
/// - marks per DAG: "pipeline:SOURCE/ID" → the source's SHA-256 (VigilCore's), "parsed:pipeline:SOURCE/ID" → the parse
///   key it was read at; a DAG read for the first time only sets them;
/// - one Change per DAG whose hash moved: "customer_sync source changed (sha256 ab12cd34)", at the time the pass saw
///   it (Airflow 2 does not say when the file changed), ref the full hash.
extension AirflowMapping {
    public static let maxSourceReads = 10
    static let parsedPrefix = "parsed:"

    /// The files to read this pass: file_token → the DAGs defined in it whose parse key moved.
    public static func sourcesToRead(_ dags: [AirflowDAG], marks: [String: String], source: String,
                                     limit: Int = maxSourceReads) -> [(fileToken: String, dags: [AirflowDAG])] {
        var byFile: [String: [AirflowDAG]] = [:]
        for dag in dags {
            guard let token = dag.fileToken, !token.isEmpty, let key = dag.parseKey else { continue }
            let subject = LineageNode(dag.pipeline).text
            if marks[parsedPrefix + subject] != key { byFile[token, default: []].append(dag) }
        }
        // Never read first, then by DAG id: a busy Airflow with more files than the limit gets through them in turn,
        // since each read moves its DAGs' parse marks.
        return byFile.map { (fileToken: $0.key, dags: $0.value.sorted { $0.pipeline.pipelineID < $1.pipeline.pipelineID }) }
            .sorted { a, b in
                let ma = a.dags.contains { marks[LineageNode($0.pipeline).text] == nil }
                let mb = b.dags.contains { marks[LineageNode($0.pipeline).text] == nil }
                return ma != mb ? ma : a.dags[0].pipeline.pipelineID < b.dags[0].pipeline.pipelineID
            }
            .prefix(limit).map { $0 }
    }

    /// The changes and marks for DAGs whose source text was read this pass.
    public static func sourceChanges(_ read: [(dag: AirflowDAG, text: String)], marks: [String: String], source: String,
                                     at now: Date) -> (changes: [Change], marks: [String: String]) {
        var changes: [Change] = []
        var newMarks: [String: String] = [:]
        for (dag, text) in read {
            let subject = LineageNode(dag.pipeline).text
            let hash = SHA256.hex(SHA256.hash(Array(text.utf8)))
            if let key = dag.parseKey { newMarks[parsedPrefix + subject] = key }
            let old = marks[subject]
            guard old != hash else { continue }
            newMarks[subject] = hash
            guard let old else { continue }
            let id = dag.pipeline.pipelineID
            changes.append(Change(
                id: Change.id(source: source, kind: .dagSource, subject: id, ref: hash), at: now, source: source,
                kind: .dagSource, title: "\(id) source changed (sha256 \(hash.prefix(8)))", subjects: [subject], ref: hash,
                detail: "DAG \(id): source sha256 \(old) → \(hash)"))
        }
        return (changes, newMarks)
    }
}

extension AirflowReader {
    /// The text of the DAG file behind `fileToken` (Airflow 2: GET /api/v1/dagSources/{file_token}, text/plain).
    func dagSource(fileToken: String) async throws -> String {
        let data = try await client.body(prefix + "/dagSources/\(AirflowURL.segment(fileToken))", api: api,
                                         maxBodyBytes: 2 << 20, accept: "text/plain")
        return String(decoding: data, as: UTF8.self)
    }
}
