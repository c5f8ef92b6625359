import VigilCore
import VigilYAML
import Yams

/// What a runbook's front matter says.
struct RunbookFrontMatter {
    var title: String?
    var appliesTo: [RunbookSelector] = []
    var severity: Severity?

    static let keys = ["title", "applies_to", "severity"]
}

/// Reads the YAML between the `---` lines, recording every problem with its line in the Markdown file.
struct RunbookFrontMatterReader {
    let file: String
    /// The file line of the YAML's first line.
    let firstLine: Int
    var problems: [ConfigProblem] = []
    /// The YAML did not parse, so nothing in it is known.
    private(set) var unreadable = false

    init(file: String, firstLine: Int) {
        self.file = file
        self.firstLine = firstLine
    }

    mutating func read(_ yaml: String) -> RunbookFrontMatter {
        var front = RunbookFrontMatter()
        if let bomb = YAMLAliasLimit.check(yaml) {
            var problem = YAMLProblem.aliasBomb(bomb, file: file)
            problem.line = bomb.line + firstLine - 1
            problems.append(problem)
            unreadable = true
            return front
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            var problem = YAMLProblem.from(error, file: file, yaml: yaml)
            if let line = problem.line {
                if let hint = Self.globHint(yaml, line: line) { problem.hint = hint }
                problem.line = line + firstLine - 1
            }
            problems.append(problem)
            unreadable = true
            return front
        }
        guard let root, !root.isNull else { return front }
        guard let mapping = root.mapping else {
            problem(at: root, "", "front matter must be a mapping (title:, applies_to:, severity:), found \(root.kindDescription)")
            return front
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                problem(at: keyNode, "", "keys must be plain words, found \(keyNode.kindDescription)")
                continue
            }
            switch key {
            case "title": front.title = text(value, key: keyNode, field: "title")
            case "severity": front.severity = severity(value, key: keyNode)
            case "applies_to": front.appliesTo = selectors(value, key: keyNode)
            default:
                let hint = DidYouMean.suggest(key, among: RunbookFrontMatter.keys).map { "did you mean '\($0)'?" }
                    ?? "known keys: \(RunbookFrontMatter.keys.joined(separator: ", "))"
                problem(at: keyNode, key, "unknown key '\(key)'", hint: hint)
            }
        }
        return front
    }

    // MARK: Fields

    private mutating func severity(_ value: Node, key: Node) -> Severity? {
        guard let word = text(value, key: key, field: "severity") else { return nil }
        let lowered = word.lowercased()
        guard lowered.hasPrefix("sev"), let n = Int(lowered.dropFirst(3)), let severity = Severity(rawValue: n) else {
            problem(at: value, "severity", "'\(word)' is not a severity", hint: "use sev1, sev2, sev3 or sev4")
            return nil
        }
        return severity
    }

    /// `applies_to:` is a list of one-key entries; a key may hold one value or a list of them.
    private mutating func selectors(_ value: Node, key: Node) -> [RunbookSelector] {
        guard let entries = value.sequence else {
            problem(at: value.isNull ? key : value, "applies_to",
                    value.isNull ? "has no value" : "must be a list of selectors, not \(value.kindDescription)",
                    hint: "for example:  applies_to: [{tier: 1}, {dataset: \"raw.*\"}]")
            return []
        }
        if entries.isEmpty {
            problem(at: value, "applies_to", "is an empty list",
                    hint: "add a selector, or remove applies_to to attach the runbook only by hand")
        }
        var result: [RunbookSelector] = []
        for (index, entry) in entries.enumerated() {
            let path = "applies_to[\(index + 1)]"
            guard let pairs = entry.mapping, pairs.count == 1, let pair = pairs.first else {
                let many = (entry.mapping?.count ?? 0) > 1
                problem(at: entry, path, many ? "holds more than one selector" : "must be a selector like 'tier: 1', not \(entry.kindDescription)",
                        hint: many ? "write one per entry (- dataset: ... and - tier: ...); any entry matching applies the runbook"
                                   : "selectors: \(RunbookSelector.keys.joined(separator: ", "))")
                continue
            }
            let keyNode = pair.key, inner = pair.value
            let name = keyNode.scalar?.string ?? ""
            let values = inner.sequence.map(Array.init) ?? [inner]
            if inner.sequence?.isEmpty == true { problem(at: inner, "\(path).\(name)", "is an empty list") }
            for item in values {
                switch name {
                case "dataset": result += pattern(item, key: keyNode, field: "\(path).dataset").map { [.dataset($0)] } ?? []
                case "pipeline": result += pattern(item, key: keyNode, field: "\(path).pipeline").map { [.pipeline($0)] } ?? []
                case "tag": result += pattern(item, key: keyNode, field: "\(path).tag").map { [.tag($0)] } ?? []
                case "tier": result += tier(item, key: keyNode, field: "\(path).tier").map { [.tier($0)] } ?? []
                default:
                    let hint = DidYouMean.suggest(name, among: RunbookSelector.keys).map { "did you mean '\($0)'?" }
                        ?? "selectors: \(RunbookSelector.keys.joined(separator: ", "))"
                    problem(at: keyNode, "\(path).\(name)", "unknown selector '\(name)'", hint: hint)
                }
                if !RunbookSelector.keys.contains(name) { break }
            }
        }
        return result
    }

    private mutating func pattern(_ value: Node, key: Node, field: String) -> String? {
        guard let scalar = value.scalar else {
            problem(at: value, field, "must be a name or glob, not \(value.kindDescription)")
            return nil
        }
        if value.isNull || scalar.string.trimmed.isEmpty {
            problem(at: value.isNull ? key : value, field, "is an empty pattern", hint: "write \"*\" to match everything")
            return nil
        }
        do {
            _ = try Glob(scalar.string)
        } catch {
            problem(at: value, field, "'\(scalar.string)': \(error)", hint: "globs use *, ? and [a-z]; \\ makes the next character literal")
            return nil
        }
        return scalar.string
    }

    private mutating func tier(_ value: Node, key: Node, field: String) -> Int? {
        guard let scalar = value.scalar, let n = Int(scalar.string.trimmed) else {
            let shown = value.scalar.map { "'\($0.string)'" } ?? value.kindDescription
            problem(at: value.isNull ? key : value, field, "\(shown) is not a tier", hint: "tiers are 1, 2 or 3")
            return nil
        }
        guard (1...3).contains(n) else {
            problem(at: value, field, "tier \(n) is outside 1-3", hint: "1 is the most critical")
            return nil
        }
        return n
    }

    private mutating func text(_ value: Node, key: Node, field: String) -> String? {
        guard let scalar = value.scalar else {
            problem(at: value, field, "must be a single value, not \(value.kindDescription)")
            return nil
        }
        if value.isNull || scalar.string.trimmed.isEmpty {
            problem(at: key, field, "has no value")
            return nil
        }
        return scalar.string.trimmed
    }

    private mutating func problem(at node: Node, _ field: String, _ message: String, hint: String? = nil) {
        problems.append(ConfigProblem(file: file, line: node.mark.map { $0.line + firstLine - 1 },
                                      column: node.mark?.column, field: field, message: message, hint: hint))
    }

    /// `dataset: *` is a YAML alias, not a glob: say so instead of libyaml's wording.
    private static func globHint(_ yaml: String, line: Int) -> String? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.indices.contains(line - 1) else { return nil }
        let text = lines[line - 1]
        if text.contains(": *") || text.contains(": [") || text.contains("- *") || text.contains(": ?") {
            return "quote globs that start with *, ? or [, like \"*\" or \"[a-c]*\""
        }
        return nil
    }
}
