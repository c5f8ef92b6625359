import Foundation
import VigilCore

/// The outcome of reading one runbook file: the runbook when it has no problems, else every problem found.
public struct RunbookParse: Sendable, Equatable {
    public var runbook: Runbook?
    public var problems: [ConfigProblem]
}

/// Parses one Markdown runbook: optional YAML front matter between `---` lines (title, applies_to, severity),
/// then the steps. See RunbookBody for what counts as a step. Pure: the caller reads the file.
public enum RunbookDocument {
    /// `id` is the file name without `.md`; `file` names the file in problems and becomes `sourcePath`.
    public static func parse(_ text: String, id: String, file: String) -> RunbookParse {
        // "\r\n" is one Character in Swift, so normalise before splitting. A lone "\r" ends a line too, in CommonMark
        // and in YAML alike: kept inside a line, the front matter's line numbers ran past the Markdown's.
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = String(first.dropFirst()) }

        var problems: [ConfigProblem] = []
        var front = RunbookFrontMatter()
        var bodyStart = 0
        var frontMatterUnreadable = false
        var frontMatterUnclosed = false
        if let first = lines.first, isDelimiter(first) {
            // Front matter ends at the next `---` (or YAML's `...`); line i of the file is line i + 1.
            if let end = lines.indices.dropFirst().first(where: { isDelimiter(lines[$0]) || lines[$0].trimmed == "..." }) {
                var reader = RunbookFrontMatterReader(file: file, firstLine: 2)
                front = reader.read(lines[1..<end].joined(separator: "\n"))
                problems += reader.problems
                frontMatterUnreadable = reader.unreadable
                bodyStart = end + 1
            } else {
                problems.append(ConfigProblem(file: file, line: 1, message: "front matter opened here is never closed",
                                              hint: "end it with a line holding only ---"))
                // Everything after it was read as YAML that never ended: no body to look for steps in.
                bodyStart = lines.count
                frontMatterUnreadable = true
                frontMatterUnclosed = true
            }
        }

        var body = RunbookBody(lines: Array(lines[bodyStart...]), firstLine: bodyStart + 1, file: file)
        let steps = body.steps()
        problems += body.problems

        let title = front.title ?? body.titleHeading
        // A title may well be in front matter that could not be read; that problem comes first.
        if title == nil, !frontMatterUnreadable {
            problems.append(ConfigProblem(file: file, line: 1, field: "title", message: "the runbook has no title",
                                          hint: "add title: to the front matter, or a '# Title' heading"))
        }
        // An unclosed fence swallows the rest of the file; that problem already says why steps are missing.
        if steps.isEmpty, !body.hasUnclosedFence, !frontMatterUnclosed {
            problems.append(ConfigProblem(file: file, line: body.titleLine ?? min(bodyStart + 1, lines.count),
                                          message: "the runbook has no steps",
                                          hint: "write them as a checklist (- [ ] Do this) or numbered headings (## 1. Do this)"))
        }
        guard problems.isEmpty, let title else {
            return RunbookParse(runbook: nil, problems: ordered(problems))
        }
        return RunbookParse(runbook: Runbook(id: id, title: title, steps: steps, appliesTo: front.appliesTo,
                                             severity: front.severity, sourcePath: file),
                            problems: [])
    }

    private static func isDelimiter(_ line: String) -> Bool { line.trimmed == "---" }

    /// By line; problems on one line keep the order they were found in.
    static func ordered(_ problems: [ConfigProblem]) -> [ConfigProblem] {
        problems.enumerated()
            .sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }
            .map(\.element)
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
