import Foundation
import VigilCore

/// What the console shows as the "log" of a dbt node: dbt leaves no log per node that Vigil reads, so it is the node's
/// result as stored from run_results.json (state and message), then where dbt wrote the SQL it compiled for the node,
/// `TARGET_DIR/compiled/<package>/<original_file_path>` from manifest.json, and that SQL when the file is there.
public enum DbtTaskLog {
    /// The compiled SQL is read up to this many bytes.
    static let maxSQLBytes = TaskLog.maxBytes

    /// `task` is the node's task instance in the store (nil when it is not there). Never throws: what cannot be read is
    /// said in the lines.
    public static func log(_ ref: TaskLogRef, task: TaskInstance?, targetDir: String) -> TaskLog {
        var lines = ["dbt \(task?.operatorName ?? "node") \(ref.taskID) in run \(ref.runID): "
            + (task.map { $0.state.rawValue } ?? "not in the store")]
        if let message = task?.errorMessage, !message.isEmpty {
            lines += message.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        } else if task != nil {
            lines.append("(no message)")
        }
        lines.append("")
        let target = URL(fileURLWithPath: targetDir)
        let manifestURL = target.appendingPathComponent(DbtArtifacts.manifestFile)
        let manifest: DbtManifest
        do {
            manifest = try DbtArtifacts.loadManifest(manifestURL)
        } catch {
            lines.append("compiled SQL: unknown, \(manifestURL.path) cannot be read: \(error)")
            return TaskLog(lines: lines)
        }
        let project = DbtProject(manifest: manifest, fallbackName: ref.source)
        guard let node = manifest.nodes.values.first(where: { project.taskIDs.id(for: $0.uniqueID) == ref.taskID }) else {
            lines.append("compiled SQL: none, the manifest has no node \(ref.taskID) (a source, or a node since removed)")
            return TaskLog(lines: lines)
        }
        guard let relative = compiledPath(node) else {
            lines.append("compiled SQL: unknown, the manifest gives \(node.uniqueID) no file")
            return TaskLog(lines: lines)
        }
        let file = target.appendingPathComponent(relative)
        lines.append("compiled SQL: \(file.path)")
        guard let handle = FileHandle(forReadingAtPath: file.path) else {
            lines.append("(not there: dbt writes it when it compiles, runs or builds the node)")
            return TaskLog(lines: lines)
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maxSQLBytes + 1)) ?? Data()
        var sql = String(decoding: data.prefix(maxSQLBytes), as: UTF8.self)
            .split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        if sql.last == "" { sql.removeLast() }
        let shown = TaskLog.head(sql, maxLines: TaskLog.maxLines - lines.count, maxBytes: maxSQLBytes)
        let cut = data.count > maxSQLBytes ? "the file is over \(TaskLog.size(maxSQLBytes)): only its start was read" : nil
        return TaskLog(lines: lines + shown.lines,
                       truncationNote: [shown.truncationNote, cut].compactMap { $0 }.joined(separator: "; ").nilIfEmpty)
    }

    /// Where dbt writes a node's compiled SQL under the target folder, as dbt does: the node's file when it is the one
    /// it is defined in (a model), else the node's file name under its definition's path (a generic test in a .yml).
    /// nil for a node without those paths, or one whose path would leave the target folder.
    static func compiledPath(_ node: DbtNode) -> String? {
        guard let original = node.originalFilePath, !original.isEmpty else { return nil }
        let name = node.path.map { ($0 as NSString).lastPathComponent } ?? ""
        let file = name.isEmpty || name == (original as NSString).lastPathComponent ? original : original + "/" + name
        let parts = ["compiled", node.packageName] + file.split(separator: "/").map(String.init)
        guard !parts.contains(where: { $0 == ".." || $0.isEmpty }), !file.hasPrefix("/") else { return nil }
        return parts.joined(separator: "/")
    }
}

private extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
