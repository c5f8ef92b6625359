import Foundation
import VigilCore

/// Airflow 3 DAG versions as changes. Decisions, in one place:
/// - the signal is the `dag_versions` of the runs a pass reads anyway (no request per DAG): a version matters once a
///   run uses it, and the run that failed names the version it ran;
/// - the mark per DAG ("pipeline:SOURCE/DAG_ID") is the newest version number seen; a DAG seen for the first time
///   only sets it (no flood of changes for versions that existed before Vigil looked);
/// - one Change per DAG whose newest version moved up: "DAG version OLD → NEW (bundle NAME[ @ BUNDLE_VERSION])", at
///   the version's created_at, ref the version number. Versions in between that no run used are not read.
extension AirflowMapping {
    public static func versionChanges(_ versions: [AirflowV2.DAGVersion], marks: [String: String], source: String)
        -> (changes: [Change], marks: [String: String]) {
        var newest: [String: AirflowV2.DAGVersion] = [:]
        for v in versions where (newest[v.dagId]?.versionNumber ?? Int.min) < v.versionNumber { newest[v.dagId] = v }
        var changes: [Change] = []
        var newMarks: [String: String] = [:]
        for (dag, version) in newest.sorted(by: { $0.key < $1.key }) {
            let subject = LineageNode.pipeline(source: source, id: dag).text
            let old = marks[subject].flatMap { Int($0) }
            guard old.map({ version.versionNumber > $0 }) ?? true else { continue }
            newMarks[subject] = String(version.versionNumber)
            guard let old else { continue }
            var bundle = version.bundleName ?? "unknown bundle"
            if let bv = version.bundleVersion, !bv.isEmpty { bundle += " @ " + bv }
            changes.append(Change(
                id: Change.id(source: source, kind: .dagVersion, subject: dag, ref: String(version.versionNumber)),
                at: version.createdAt, source: source, kind: .dagVersion,
                title: "\(dag) version \(old) → \(version.versionNumber) (bundle \(bundle))", subjects: [subject],
                ref: String(version.versionNumber),
                detail: "DAG \(dag): version \(old) → \(version.versionNumber); bundle \(bundle); created "
                    + version.createdAt.formatted(Date.ISO8601FormatStyle())))
        }
        return (changes, newMarks)
    }
}
