import Foundation
import VigilCore

/// What changed in a dbt project between two invocations: models, tests, seeds, snapshots and sources added, removed,
/// or whose `checksum.checksum` moved, against the marks the last manifest left (one per unique_id).
public struct DbtManifestDiff: Sendable, Equatable {
    /// A change when something moved since the marks (nil on the first pass, which only sets them, or when nothing did).
    public var change: Change?
    /// The marks to store: every node on the first pass, else only those that moved.
    public var marks: [String: String]
}

extension DbtMapping {
    /// Node types whose edits are changes (sources are compared too; they have no checksum: added or removed only).
    static let changedTypes = ["model", "seed", "snapshot", "test", "source"]
    /// The mark of a node that was in an earlier manifest and is gone.
    static let removedMark = "-"
    /// The mark of a node present with no checksum (generic tests, sources).
    static let presentMark = "present"
    /// Detail lines listed, at most (the rest counted).
    static let detailLines = 30

    /// Diffs `manifest` against `marks` (unique_id → checksum, `presentMark` or `removedMark`). With no marks at all it
    /// only sets them: the first pass ever does not call every node new. `commit`: the project's git HEAD, when it is a
    /// work tree (the change's ref and first detail line), asked only when something changed. `now`: the change's time
    /// when the manifest has none.
    public static func manifestDiff(_ manifest: DbtManifest, marks: [String: String], source: String,
                                    commit: () -> String? = { nil }, now: Date) -> DbtManifestDiff {
        let project = DbtProject(manifest: manifest, fallbackName: source)
        var current: [String: (type: String, name: String, mark: String)] = [:]
        for node in manifest.nodes.values where changedTypes.contains(node.resourceType) {
            let sum = node.checksum?.checksum ?? ""
            current[node.uniqueID] = (node.resourceType, node.name, sum.isEmpty ? presentMark : sum)
        }
        for table in manifest.sources.values {
            current[table.uniqueID] = ("source", "\(table.sourceName).\(table.name)", presentMark)
        }
        if marks.isEmpty { return DbtManifestDiff(change: nil, marks: current.mapValues(\.mark)) }

        enum Action: String { case changed, added, removed }
        var moved: [(id: String, type: String, name: String, action: Action, old: String?, new: String?)] = []
        var newMarks: [String: String] = [:]
        for (id, node) in current {
            let old = marks[id]
            guard old != node.mark else { continue }
            let action: Action = old == nil || old == removedMark ? .added : .changed
            moved.append((id, node.type, node.name, action, old == removedMark ? nil : old, node.mark))
            newMarks[id] = node.mark
        }
        for (id, old) in marks where old != removedMark && current[id] == nil {
            let type = DbtTaskIDs.resourceType(id)
            guard changedTypes.contains(type) else { continue }
            moved.append((id, type, nodeName(id), .removed, old, nil))
            newMarks[id] = removedMark
        }
        guard !moved.isEmpty else { return DbtManifestDiff(change: nil, marks: [:]) }
        moved.sort { ($0.type, $0.name, $0.id) < ($1.type, $1.name, $1.id) }

        var parts: [String] = []
        for action in [Action.changed, .added, .removed] {
            for type in changedTypes {
                let group = moved.filter { $0.action == action && $0.type == type }
                guard !group.isEmpty else { continue }
                let noun = group.count == 1 ? type : type + "s"
                // Tests' names are generated and long: counted, not named.
                let names = type == "test" ? "" : " (" + group.prefix(3).map(\.name).joined(separator: ", ")
                    + (group.count > 3 ? ", …" : "") + ")"
                parts.append("\(group.count) \(noun) \(action.rawValue)\(names)")
            }
        }
        var subjects: Set<String> = [LineageNode.pipeline(source: source, id: project.name).text]
        for m in moved where m.action != .removed {
            if let name = project.datasetName(m.id) { subjects.insert(LineageNode.dataset(name).text) }
            if m.type == "test", let test = manifest.nodes[m.id] {
                for name in project.testedDatasets(test) { subjects.insert(LineageNode.dataset(name).text) }
            }
        }
        let commit = commit()
        var lines = commit.map { ["git commit \($0)"] } ?? []
        for m in moved.prefix(detailLines) {
            switch m.action {
            case .changed: lines.append("\(m.type) \(m.name): \(checksumText(m.old)) → \(checksumText(m.new))")
            case .added: lines.append("\(m.type) \(m.name): added" + (m.new == presentMark ? "" : " (\(checksumText(m.new)))"))
            case .removed: lines.append("\(m.type) \(m.name): removed")
            }
        }
        if moved.count > detailLines { lines.append("… \(moved.count - detailLines) more") }
        let invocation = manifest.metadata.invocationID.flatMap { $0.isEmpty ? nil : $0 }
            ?? String(Int((manifest.metadata.generatedAt ?? now).timeIntervalSince1970))
        let change = Change(
            id: Change.id(source: source, kind: .dbtManifest, subject: project.name, ref: invocation),
            at: manifest.metadata.generatedAt ?? now, source: source, kind: .dbtManifest,
            title: "dbt \(project.name): " + parts.joined(separator: ", "), subjects: subjects.sorted(),
            ref: commit ?? invocation, detail: lines.joined(separator: "\n"))
        return DbtManifestDiff(change: change, marks: newMarks)
    }

    private static func checksumText(_ mark: String?) -> String {
        guard let mark, mark != presentMark, mark != removedMark else { return "none" }
        return mark
    }

    /// A removed node's name from its unique_id ("model.shop.fct_revenue" → "fct_revenue"; a test's name part).
    private static func nodeName(_ uniqueID: String) -> String {
        let parts = uniqueID.split(separator: ".").map(String.init)
        if parts.first == "source", parts.count >= 4 { return parts[2...].joined(separator: ".") }
        if parts.first == "test", parts.count >= 4 { return parts[2] }
        return parts.count >= 3 ? parts[2...].joined(separator: ".") : uniqueID
    }
}
