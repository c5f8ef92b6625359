import Foundation
import VigilConfig
import VigilCore
import VigilUI

/// What `vigil runbook list|show|check` print. Runbook text is untrusted (anyone can edit the folder), so every
/// piece of it is cleaned of escape sequences and control characters before it reaches the terminal.
public enum RunbookText {
    /// One row per runbook: id, steps, severity, title, what it applies to.
    public static func list(_ library: RunbookLibrary) -> String {
        guard !library.runbooks.isEmpty else { return "no runbooks in \(line(library.directory))" }
        let rows = library.runbooks.map { rb in
            [line(rb.id), String(rb.steps.count), rb.severity?.label ?? "-", line(rb.title), appliesTo(rb)]
        }
        return table(header: ["ID", "STEPS", "SEVERITY", "TITLE", "APPLIES TO"], rows: rows)
    }

    /// The runbook as someone at a terminal reads it: header, then numbered steps with detail and command.
    public static func show(_ runbook: Runbook, width: Int = 100) -> String {
        var out = [line(runbook.title)]
        var facts = ["id \(line(runbook.id))"]
        if let severity = runbook.severity { facts.append("severity \(severity.label)") }
        if let path = runbook.sourcePath { facts.append(line(path)) }
        out.append(facts.joined(separator: " · "))
        out.append("applies to: \(appliesTo(runbook))")
        for (index, step) in runbook.steps.enumerated() {
            out.append("")
            let number = "\(index + 1). "
            out += wrap(line(step.title), width: width, first: number, rest: String(repeating: " ", count: number.count))
            let indent = String(repeating: " ", count: number.count)
            if let detail = step.detail {
                for paragraph in TextSanitizer.clean(detail).split(separator: "\n", omittingEmptySubsequences: false) {
                    // Code kept in the detail is indented: print it as is rather than re-flowing it.
                    if paragraph.hasPrefix("  ") {
                        out.append(indent + paragraph)
                    } else {
                        out += wrap(String(paragraph), width: width, first: indent, rest: indent)
                    }
                }
            }
            if let command = step.command {
                for commandLine in TextSanitizer.clean(command).split(separator: "\n", omittingEmptySubsequences: false) {
                    out.append(indent + "$ " + commandLine)
                }
            }
        }
        return out.joined(separator: "\n")
    }

    /// `FILE:LINE: message (hint)` per problem and a summary line; `clean` is false when anything was found.
    public static func check(_ library: RunbookLibrary) -> (text: String, clean: Bool) {
        guard !library.problems.isEmpty else {
            let steps = library.runbooks.reduce(0) { $0 + $1.steps.count }
            let n = library.runbooks.count
            return ("\(line(library.directory)): \(n) runbook\(n == 1 ? "" : "s"), \(steps) steps, no problems", true)
        }
        var out = library.problems.map { line($0.description) }
        let files = library.brokenFiles.count, n = library.problems.count
        out.append("\(n) problem\(n == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s") of \(line(library.directory))")
        return (out.joined(separator: "\n"), false)
    }

    /// `tier 1, dataset raw.*`, or a note that it is only attached by hand.
    public static func appliesTo(_ runbook: Runbook) -> String {
        runbook.appliesTo.isEmpty ? "(nothing: attached by hand)" : runbook.appliesTo.map { line($0.description) }.joined(separator: ", ")
    }

    /// Untrusted text on one line: cleaned, newlines folded to spaces.
    public static func line(_ text: String) -> String {
        TextSanitizer.clean(text).replacingOccurrences(of: "\n", with: " ")
    }

    private static func wrap(_ text: String, width: Int, first: String, rest: String) -> [String] {
        let lines = TextWrap.lines(text, width: max(20, width - first.count), maxLines: 1000)
        return lines.enumerated().map { ($0.offset == 0 ? first : rest) + $0.element }
    }

    private static func table(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - DisplayWidth.of(cell))
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
