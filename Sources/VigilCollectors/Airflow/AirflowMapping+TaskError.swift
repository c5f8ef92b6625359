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

    /// The same from an Airflow 2 try's text log (API v1, `Accept: text/plain`): the last Python traceback's exception
    /// ("RuntimeError: ...", with any lines of its message after it), then the exceptions chained to it ("caused by
    /// ...", "during handling of ..."), as for v2; else the messages of the last few ERROR / CRITICAL records; nil
    /// when the log has neither. Untrusted text, only bounded here.
    public static func taskError(text log: String) -> String? {
        let lines = log.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        if let chain = TextLog.lastExceptionChain(lines), !chain.isEmpty {
            var out = [chain[chain.count - 1].text]
            for index in stride(from: chain.count - 2, through: 0, by: -1) {
                out.append((chain[index].causesNext ? "caused by " : "during handling of ") + chain[index].text)
            }
            return bounded(out.joined(separator: "\n"))
        }
        let errors = lines.compactMap(TextLog.errorMessage).filter { !$0.isEmpty }
        guard !errors.isEmpty else { return nil }
        return bounded(errors.suffix(3).joined(separator: "\n"))
    }

    /// Airflow 2's text log: records "[2026-11-26T21:33:13.595+0000] {taskinstance.py:3313} ERROR - message", an
    /// exception's traceback printed under its record the way Python prints it.
    private enum TextLog {
        static let traceback = "Traceback (most recent call last):"
        static let cause = "The above exception was the direct cause of the following exception:"
        static let context = "During handling of the above exception, another exception occurred:"
        /// Lines of one exception's message kept at most (a message may span lines; notes follow it).
        static let maxMessageLines = 20

        struct Raised {
            var text: String
            /// Python printed "direct cause" (else "during handling") between this one and the next.
            var causesNext = false
        }

        /// The exceptions of the last traceback chain in printing order (causes first, the raised one last).
        static func lastExceptionChain(_ lines: [String]) -> [Raised]? {
            var last: [Raised]?
            var chain: [Raised] = []
            var link: Bool?  // a separator seen since the last exception: true for "direct cause"
            var i = 0
            while i < lines.count {
                let line = lines[i].trimmingCharacters(in: .whitespaces)
                if line == traceback {
                    var j = i + 1
                    while j < lines.count, lines[j].first == " " || lines[j].first == "\t" { j += 1 }
                    guard j < lines.count, !lines[j].isEmpty, !isRecord(lines[j]) else { i = j; continue }
                    var message = [lines[j]]
                    j += 1
                    while j < lines.count, message.count < maxMessageLines, !lines[j].trimmingCharacters(in: .whitespaces).isEmpty,
                          !isRecord(lines[j]), ![traceback, cause, context].contains(lines[j].trimmingCharacters(in: .whitespaces)) {
                        message.append(lines[j])
                        j += 1
                    }
                    let raised = Raised(text: message.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines))
                    if let causes = link, !chain.isEmpty {
                        chain[chain.count - 1].causesNext = causes
                    } else {
                        chain = []
                    }
                    chain.append(raised)
                    last = chain
                    link = nil
                    i = j
                    continue
                }
                if line == cause || line == context {
                    link = line == cause
                } else if !line.isEmpty {
                    link = nil
                }
                i += 1
            }
            return last
        }

        static func isRecord(_ line: String) -> Bool { line.hasPrefix("[") && line.contains("] {") }

        /// The message of an ERROR or CRITICAL record, else nil.
        static func errorMessage(_ line: String) -> String? {
            guard isRecord(line) else { return nil }
            for level in ["} ERROR - ", "} CRITICAL - "] {
                if let range = line.range(of: level) {
                    return line[range.upperBound...].trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }
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
