/// One line of a runbook's Markdown body, classified just enough to find steps: fenced code is resolved first,
/// so a `- [ ]` or `## 1.` inside a code block is never a step.
struct MarkdownLine {
    enum Kind: Equatable {
        case blank
        case text(String)
        case heading(level: Int, text: String)
        case checklist(indent: Int, text: String)
        /// An opening fence; `info` is the language word, lowercased ("" when none).
        case fenceStart(info: String)
        case code(String)
        case fenceEnd
    }

    /// 1-based line in the file.
    let number: Int
    let kind: Kind
}

enum MarkdownLines {
    struct UnclosedFence: Equatable {
        let line: Int
        let marker: String
    }

    /// Classifies `lines`, the first being file line `firstLine`; reports a fence left open at the end.
    static func classify(_ lines: [String], firstLine: Int) -> (lines: [MarkdownLine], unclosed: UnclosedFence?) {
        var result: [MarkdownLine] = []
        var open: (fence: Fence, line: Int)?
        for (offset, raw) in lines.enumerated() {
            let number = firstLine + offset
            if let current = open {
                if current.fence.isClosed(by: raw) {
                    result.append(MarkdownLine(number: number, kind: .fenceEnd))
                    open = nil
                } else {
                    result.append(MarkdownLine(number: number, kind: .code(current.fence.dedent(raw))))
                }
                continue
            }
            if let fence = Fence(opening: raw) {
                open = (fence, number)
                result.append(MarkdownLine(number: number, kind: .fenceStart(info: fence.info)))
                continue
            }
            result.append(MarkdownLine(number: number, kind: kind(of: raw)))
        }
        let unclosed = open.map { UnclosedFence(line: $0.line, marker: String(repeating: $0.fence.character, count: $0.fence.length)) }
        return (result, unclosed)
    }

    static func kind(of raw: String) -> MarkdownLine.Kind {
        let (indent, rest) = splitIndent(raw)
        if rest.isEmpty { return .blank }
        if indent <= 3, let heading = heading(rest) { return heading }
        if let text = checklistText(rest) { return .checklist(indent: indent, text: text) }
        return .text(rest.trimmed)
    }

    /// `## Title ##` → level 2, "Title". Needs a space after the hashes, as CommonMark does.
    private static func heading(_ rest: Substring) -> MarkdownLine.Kind? {
        let level = rest.prefix { $0 == "#" }.count
        guard (1...6).contains(level) else { return nil }
        let after = rest.dropFirst(level)
        guard after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
        var text = after.trimmed
        // Optional closing hashes, when set off by a space.
        let closing = text.reversed().prefix { $0 == "#" }.count
        if closing > 0, closing < text.count, text.dropLast(closing).last == " " {
            text = String(text.dropLast(closing)).trimmed
        } else if closing == text.count {
            text = ""
        }
        return .heading(level: level, text: text)
    }

    /// `- [ ] text`, `* [x] text`, `+ [X] text` → "text" (possibly empty).
    private static func checklistText(_ rest: Substring) -> String? {
        let c = Array(rest.prefix(6))
        guard c.count >= 5, "-*+".contains(c[0]), c[1] == " ", c[2] == "[", " xX".contains(c[3]), c[4] == "]" else { return nil }
        guard c.count == 5 || c[5] == " " || c[5] == "\t" else { return nil }
        return rest.dropFirst(5).trimmed
    }

    /// Leading indentation in columns (a tab counts as four) and the rest of the line.
    static func splitIndent(_ raw: String) -> (Int, Substring) {
        var columns = 0
        var index = raw.startIndex
        while index < raw.endIndex, raw[index] == " " || raw[index] == "\t" {
            columns += raw[index] == "\t" ? 4 : 1
            index = raw.index(after: index)
        }
        return (columns, raw[index...])
    }
}

/// A ``` or ~~~ code fence. Accepted at any indentation: inside list items it is usually indented.
struct Fence {
    let character: Character
    let length: Int
    let indent: Int
    let info: String

    init?(opening raw: String) {
        let (indent, rest) = MarkdownLines.splitIndent(raw)
        guard let first = rest.first, first == "`" || first == "~" else { return nil }
        let length = rest.prefix { $0 == first }.count
        guard length >= 3 else { return nil }
        let infoText = rest.dropFirst(length).trimmed
        // ```foo``` on one line is inline code, not a fence.
        if first == "`", infoText.contains("`") { return nil }
        self.character = first
        self.length = length
        self.indent = indent
        self.info = infoText.split(separator: " ").first.map { String($0).lowercased() } ?? ""
    }

    func isClosed(by raw: String) -> Bool {
        let (_, rest) = MarkdownLines.splitIndent(raw)
        let run = rest.prefix { $0 == character }.count
        return run >= length && rest.dropFirst(run).trimmed.isEmpty
    }

    /// Removes up to the fence's own indentation, keeping the code's relative indentation.
    func dedent(_ raw: String) -> String {
        var dropped = 0
        var index = raw.startIndex
        while dropped < indent, index < raw.endIndex, raw[index] == " " {
            dropped += 1
            index = raw.index(after: index)
        }
        return String(raw[index...])
    }
}

extension Substring {
    var trimmed: String { String(self).trimmed }
}
