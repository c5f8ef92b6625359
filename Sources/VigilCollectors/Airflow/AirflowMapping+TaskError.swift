import Foundation

extension AirflowMapping {
    /// At most this many UTF-8 bytes of a task's error are kept: enough for an exception and its causes, small
    /// enough for the store and the error box.
    public static let maxTaskErrorBytes = 4_096

    /// The error worth showing from a failed try's log: the last exception logged ("ValueError: ...", then its
    /// notes and causes), else the text of the last few error-level events; nil when the log has neither.
    /// The text stays untrusted (the UI sanitises it); here it is only bounded.
    public static func taskError(_ log: AirflowV2.TaskLog) -> String? {
        if let exception = log.content.last(where: { !($0.errorDetail ?? []).isEmpty }),
           let text = exceptionText(exception), !text.isEmpty {
            return bounded(text)
        }
        let errors = log.content.filter { ["error", "critical", "fatal"].contains($0.level?.lowercased() ?? "") }
            .compactMap { $0.event?.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard !errors.isEmpty else { return nil }
        return bounded(errors.suffix(3).joined(separator: "\n"))
    }

    /// The raised exception first, then each cause or context ("caused by ..."), an exception group's members
    /// indented under it; the event's own text ("Task failed with exception") says nothing the type does not.
    private static func exceptionText(_ event: AirflowV2.LogEvent) -> String? {
        var lines: [String] = []
        for (index, detail) in (event.errorDetail ?? []).enumerated() {
            let text = describe(detail)
            guard !text.isEmpty else { continue }
            lines.append(index == 0 ? text : (detail.isCause == true ? "caused by " : "during handling of ") + text)
            lines += (detail.excNotes ?? []).map { "  note: \($0)" }
            lines += (detail.exceptions ?? []).prefix(5).map { "  - " + describe($0) }
        }
        return lines.isEmpty ? event.event : lines.joined(separator: "\n")
    }

    private static func describe(_ detail: AirflowV2.ExceptionDetail) -> String {
        let type = detail.excType ?? ""
        let value = detail.excValue ?? ""
        if type.isEmpty { return value }
        return value.isEmpty ? type : "\(type): \(value)"
    }

    /// Cut to `maxTaskErrorBytes` on a character boundary, with "…" when cut.
    static func bounded(_ text: String) -> String {
        guard text.utf8.count > maxTaskErrorBytes else { return text }
        var kept = ""
        var bytes = 0
        let budget = maxTaskErrorBytes - "…".utf8.count
        for character in text {
            let size = character.utf8.count
            if bytes + size > budget { break }
            kept.append(character)
            bytes += size
        }
        return kept + "…"
    }
}
