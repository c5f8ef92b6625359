import Foundation

/// `{dataset}`, `{pipeline}`, `{task}` and `{incident}` in a runbook command, filled in from the incident it is
/// walked for, shell-quoted (the names come from the sources and may hold anything). A placeholder the incident
/// has no value for stays as written, so the person sees what is missing.
public struct RunbookPlaceholders: Sendable, Equatable {
    public var values: [String: String]

    public init(values: [String: String]) { self.values = values }

    /// The incident's subject: its first dataset, its cause's pipeline (else its first pipeline) by the
    /// orchestrator's own id, the cause's failed task (from the snapshot), and its id.
    public init(_ incident: Incident, in snapshot: PlatformSnapshot) {
        var values = ["incident": incident.id]
        if let dataset = incident.affectedDatasets.first { values["dataset"] = dataset }
        let pipeline = incident.causeKey.flatMap(LineageNode.init(parsing:)).flatMap { $0.isPipeline ? $0 : nil }
            ?? incident.affectedPipelines.first.map(LineageNode.init(pipelineReference:))
        if let ref = pipeline?.pipelineReference, let summary = snapshot.pipelines.first(where: { $0.pipeline.id == ref }) {
            values["pipeline"] = summary.pipeline.pipelineID
            if let task = RootCause.cause(of: summary, now: snapshot.now)?.failedTask { values["task"] = task.taskID }
        } else if let id = pipeline?.pipelineID {
            values["pipeline"] = id
        }
        self.init(values: values)
    }

    public static let names = ["dataset", "pipeline", "task", "incident"]

    public func fill(_ command: String) -> String {
        var out = command
        for name in Self.names {
            guard let value = values[name] else { continue }
            out = out.replacingOccurrences(of: "{\(name)}", with: Self.shellQuoted(value))
        }
        return out
    }

    /// As is when every character is safe in a shell word, else in single quotes (a quote inside as '\'').
    public static func shellQuoted(_ value: String) -> String {
        let safe = !value.isEmpty && value.unicodeScalars.allSatisfy {
            ($0.isASCII && (CharacterSet.alphanumerics.contains($0) || "_./:@%+=,-".unicodeScalars.contains($0)))
        }
        return safe ? value : "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
