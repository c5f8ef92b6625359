import VigilCore

/// Finds the steps in a runbook's Markdown body.
///
/// Steps are either checklist items (`- [ ] Do this`, `- [x]` too) or numbered headings (`## 1. Do this`,
/// `### 2) Do that`, any level from 2). When a document has checklist items, they are the steps and numbered
/// headings are only structure: a checklist is what people tick off, and headings around it usually group it.
/// A step's detail is everything after it up to the next step (for checklists: also up to any heading; for
/// headings: up to a heading of the same or a higher level). Its first fenced block marked sh, bash, shell, zsh,
/// or not marked at all, is its command; other fenced blocks stay in the detail.
struct RunbookBody {
    let file: String
    private let lines: [MarkdownLine]
    private(set) var problems: [ConfigProblem] = []
    private(set) var hasUnclosedFence = false
    /// The first `# ` heading and its line: the title when the front matter has none.
    private(set) var titleHeading: String?
    private(set) var titleLine: Int?

    static let commandLanguages: Set<String> = ["", "sh", "bash", "shell", "zsh"]

    init(lines raw: [String], firstLine: Int, file: String) {
        self.file = file
        let (lines, unclosed) = MarkdownLines.classify(raw, firstLine: firstLine)
        self.lines = lines
        if let unclosed {
            hasUnclosedFence = true
            problems.append(ConfigProblem(file: file, line: unclosed.line, message: "fenced block opened here is never closed",
                                          hint: "close it with a line holding only \(unclosed.marker)"))
        }
        for line in lines {
            if case .heading(1, let text) = line.kind, !text.isEmpty {
                titleHeading = text
                titleLine = line.number
                break
            }
        }
    }

    mutating func steps() -> [RunbookStep] {
        let checklistIndents = lines.compactMap { line -> Int? in
            if case .checklist(let indent, _) = line.kind { return indent }
            return nil
        }
        // Nested checklist items (deeper than the shallowest) belong to the step above them.
        let stepIndent = checklistIndents.min()
        var drafts: [(title: String, line: Int, level: Int, body: [MarkdownLine])] = []
        var open = false
        for line in lines {
            switch line.kind {
            case let .checklist(indent, text) where indent == stepIndent:
                drafts.append((text, line.number, 0, []))
                open = true
            case let .heading(level, text) where stepIndent == nil && level >= 2 && Self.numbered(text) != nil:
                drafts.append((Self.numbered(text) ?? "", line.number, level, []))
                open = true
            case let .heading(level, _):
                // Checklists end at any heading; heading steps at one of their level or above.
                if stepIndent != nil || level <= (drafts.last?.level ?? 0) { open = false }
                if open { drafts[drafts.count - 1].body.append(line) }
            default:
                if open { drafts[drafts.count - 1].body.append(line) }
            }
        }
        return drafts.map { draft in
            if draft.title.isEmpty {
                problems.append(ConfigProblem(file: file, line: draft.line, message: "this step has no text",
                                              hint: "write what to do after the marker, like '- [ ] Check the producer's last run'"))
            }
            return Self.step(title: draft.title, body: draft.body)
        }
    }

    /// "1. Title" or "2) Title" → "Title" (possibly empty); nil when the heading is not numbered.
    static func numbered(_ text: String) -> String? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        let rest = text.dropFirst(digits.count)
        guard let mark = rest.first, mark == "." || mark == ")" else { return nil }
        let after = rest.dropFirst()
        guard after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
        return after.trimmed
    }

    /// Detail lines: paragraphs joined into one line each, list items and headings on lines of their own.
    private static func step(title: String, body: [MarkdownLine]) -> RunbookStep {
        var detail: [String] = []
        var paragraph: [String] = []
        var command: String?
        var code: (info: String, lines: [String])?
        func flush() {
            if !paragraph.isEmpty { detail.append(paragraph.joined(separator: " ")) }
            paragraph = []
        }
        func finishCode() {
            guard let block = code else { return }
            var lines = block.lines
            while lines.last?.trimmed.isEmpty == true { lines.removeLast() }
            if command == nil, commandLanguages.contains(block.info), !lines.isEmpty {
                command = lines.joined(separator: "\n")
            } else {
                detail += lines.map { "  " + $0 }
            }
            code = nil
        }
        for line in body {
            switch line.kind {
            case .blank: flush()
            case .text(let text):
                if startsListItem(text) { flush() }
                paragraph.append(text)
            case .checklist(_, let text):
                flush()
                paragraph.append("- " + text)
            case .heading(_, let text):
                flush()
                detail.append(text)
            case .fenceStart(let info):
                flush()
                code = (info, [])
            case .code(let text): code?.lines.append(text)
            case .fenceEnd: finishCode()
            }
        }
        flush()
        finishCode()
        let text = detail.joined(separator: "\n")
        return RunbookStep(title: title, detail: text.isEmpty ? nil : text, command: command)
    }

    private static func startsListItem(_ text: String) -> Bool {
        if text.hasPrefix("- ") || text.hasPrefix("* ") || text.hasPrefix("+ ") { return true }
        return numbered(text) != nil && !(numbered(text) ?? "").isEmpty
    }
}
