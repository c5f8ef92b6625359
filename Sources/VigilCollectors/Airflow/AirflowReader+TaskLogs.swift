import Foundation
import VigilCore

extension AirflowReader {
    /// A try's log as the API answers it: v2 (Airflow 3) structured events (JSON), v1 (Airflow 2) the text log when
    /// asked for text/plain (its JSON form is a Python repr inside a string).
    enum LogBody {
        case events(AirflowV2.TaskLog)
        case text(String)
    }

    /// The log of try `tryNumber` of `taskID` ("load[3]": map index 3) in a run. Reads at most `maxBytes`: a bigger log
    /// throws `.tooLarge` unread.
    func logBody(dagID: String, runID: String, taskID: String, tryNumber: Int, maxBytes: Int) async throws -> LogBody {
        let (taskID, mapIndex) = AirflowMapping.splitTaskID(taskID)
        let path = prefix + "/dags/\(AirflowURL.segment(dagID))/dagRuns/\(AirflowURL.segment(runID))"
            + "/taskInstances/\(AirflowURL.segment(taskID))/logs/\(tryNumber)"
        let mapQuery = mapIndex.map { [("map_index", String($0))] } ?? []
        switch api {
        case .v2:
            let body = try await client.body(path, query: mapQuery, api: api, maxBodyBytes: maxBytes)
            return .events(try AirflowJSON.decode(AirflowV2.TaskLog.self, from: body, source: source, endpoint: path))
        case .v1:
            let body = try await client.body(path, query: [("full_content", "true")] + mapQuery, api: api,
                                             maxBodyBytes: maxBytes, accept: "text/plain")
            return .text(String(decoding: body, as: UTF8.self))
        }
    }

    /// The error of a failed task instance's try, from its log. nil when the log holds no error.
    func taskError(of task: TaskInstance, maxBytes: Int) async throws -> String? {
        let error: String?
        switch try await logBody(dagID: task.pipelineID, runID: task.runID, taskID: task.taskID, tryNumber: task.tryNumber,
                                 maxBytes: maxBytes) {
        case let .events(log): error = AirflowMapping.taskError(log)
        case let .text(text): error = AirflowMapping.taskError(text: text)
        }
        // A task may print anything, even the credentials Vigil logs in with: they never reach the store.
        guard let error else { return nil }
        return await client.scrub(error)
    }

    /// The log of one try as lines to read (events rendered, tracebacks included), its tail kept within
    /// `TaskLog.maxLines` and `TaskLog.maxBytes`. Credentials Vigil logs in with are masked like in errors.
    func taskLog(_ ref: TaskLogRef, maxBytes: Int) async throws -> TaskLog {
        let lines: [String]
        switch try await logBody(dagID: ref.pipelineID, runID: ref.runID, taskID: ref.taskID, tryNumber: ref.tryNumber,
                                 maxBytes: maxBytes) {
        case let .events(log): lines = AirflowMapping.logLines(log)
        case let .text(text): lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        }
        var log = TaskLog.tail(lines.last == "" ? Array(lines.dropLast()) : lines)
        for index in log.lines.indices { log.lines[index] = await client.scrub(log.lines[index]) }
        return log
    }
}

extension AirflowMapping {
    /// Undoes `taskID(_:mapIndex:)`: "load[3]" is task "load", map index 3 (Airflow task ids cannot hold '[').
    static func splitTaskID(_ id: String) -> (taskID: String, mapIndex: Int?) {
        guard id.hasSuffix("]"), let open = id.lastIndex(of: "["),
              let index = Int(id[id.index(after: open)..<id.index(before: id.endIndex)]), index >= 0 else {
            return (id, nil)
        }
        return (String(id[..<open]), index)
    }

    /// Airflow 3's structured log as text, close to what its UI shows: "TIMESTAMP LEVEL - event" per event (a multi-line
    /// event keeps its lines), a logged exception as Python prints it (causes first, each "Traceback (most recent call
    /// last):" with its frames, then "Type: value" and notes); group markers ("::group::Pre Execute") as "▸ Pre Execute",
    /// their ends dropped. Untrusted text, not cleaned here.
    public static func logLines(_ log: AirflowV2.TaskLog) -> [String] {
        var lines: [String] = []
        for event in log.content {
            let text = event.event ?? ""
            if text == "::endgroup::" { continue }
            let shown = text.hasPrefix("::group::") ? "▸ " + text.dropFirst("::group::".count) : text
            let prefix = [event.timestamp, event.level.map { $0.uppercased() + " -" }].compactMap { $0 }.joined(separator: " ")
            let eventLines = shown.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            for (index, line) in eventLines.enumerated() {
                lines.append(index == 0 && !prefix.isEmpty ? prefix + " " + line : String(line))
            }
            lines += traceback(event.errorDetail ?? [])
        }
        return lines
    }

    /// `chain` holds the raised exception first, then what caused it (`is_cause`: its `__cause__`, else the context it
    /// was raised in); Python prints the chain the other way round.
    private static func traceback(_ chain: [AirflowV2.ExceptionDetail]) -> [String] {
        var lines: [String] = []
        for (index, detail) in chain.enumerated().reversed() {
            if index < chain.count - 1 {
                lines += ["", chain[index + 1].isCause == true
                    ? "The above exception was the direct cause of the following exception:"
                    : "During handling of the above exception, another exception occurred:", ""]
            }
            if let frames = detail.frames, !frames.isEmpty {
                lines.append("Traceback (most recent call last):")
                for frame in frames {
                    lines.append("  File \"\(frame.filename ?? "?")\", line \(frame.lineno.map(String.init) ?? "?"), in \(frame.name ?? "?")")
                }
            }
            let type = detail.excType ?? "", value = detail.excValue ?? ""
            let head = type.isEmpty ? value : value.isEmpty ? type : "\(type): \(value)"
            lines += head.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
            lines += (detail.excNotes ?? []).flatMap { $0.split(whereSeparator: \.isNewline).map(String.init) }
            for member in detail.exceptions ?? [] {
                lines += traceback([member]).map { "  | " + $0 }
            }
        }
        return lines
    }
}
