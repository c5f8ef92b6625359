import Foundation
import VigilCore

/// One thing the `:` palette can go to or do.
struct PaletteCandidate: Sendable, Equatable {
    enum Target: Sendable, Equatable {
        case pipeline(source: String, id: String)
        case dataset(String)
        /// `:why DATASET`: the dataset's detail, which leads with why it is stale.
        case why(String)
        case incident(String)
        case source(String)
        case pane(Pane)
        case openIncident(title: String?)
        case theme(String)
        case standup, help, quit
    }

    var kind: String
    var label: String
    var target: Target
    var score: Int
}

/// Fuzzy matching for the palette: the typed letters in order (not necessarily together), case-insensitive,
/// scored so that matches at the start, at word boundaries and in runs come first (fzf's idea, simply).
enum PaletteSearch {
    static let limit = 50

    static let commands: [(word: String, kind: String, target: PaletteCandidate.Target)] = [
        ("health", "pane", .pane(.health)), ("freshness", "pane", .pane(.freshness)), ("incidents", "pane", .pane(.incidents)),
        ("runbook", "pane", .pane(.runbook)), ("sources", "pane", .pane(.sources)),
        ("why", "command", .why("")), ("incident open", "command", .openIncident(title: nil)), ("theme", "command", .theme("")),
        ("standup", "command", .standup), ("help", "command", .help), ("quit", "command", .quit),
    ]

    static func matches(_ typed: String, in state: ConsoleState) -> [PaletteCandidate] {
        let text = typed.trimmingCharacters(in: .whitespaces)
        let lower = text.lowercased()
        // Commands with an argument.
        if lower.hasPrefix("why ") {
            let rest = String(text.dropFirst(4)).trimmingCharacters(in: .whitespaces)
            return best(state.snapshot.datasets.compactMap { d in
                score(rest, d.dataset.name).map { PaletteCandidate(kind: "why", label: d.dataset.name, target: .why(d.dataset.name), score: $0) }
            })
        }
        if lower.hasPrefix("theme ") {
            let name = String(text.dropFirst(6)).trimmingCharacters(in: .whitespaces)
            return [PaletteCandidate(kind: "command", label: "theme " + name, target: .theme(name), score: 0)]
        }
        if lower.hasPrefix("incident open") {
            let title = String(text.dropFirst(13)).trimmingCharacters(in: .whitespaces)
            return [PaletteCandidate(kind: "command", label: "incident open " + title, target: .openIncident(title: title.isEmpty ? nil : title), score: 0)]
        }
        var found: [PaletteCandidate] = commands.compactMap { c in
            score(text, c.word).map { PaletteCandidate(kind: c.kind, label: c.word, target: c.target, score: $0 + 5) }
        }
        guard !text.isEmpty else { return found }
        let s = state.snapshot
        for p in s.pipelines {
            if let sc = score(text, p.pipeline.pipelineID) {
                found.append(PaletteCandidate(kind: "pipeline", label: p.pipeline.pipelineID, target: .pipeline(source: p.pipeline.source, id: p.pipeline.pipelineID), score: sc))
            }
        }
        for d in s.datasets {
            if let sc = score(text, d.dataset.name) { found.append(PaletteCandidate(kind: "dataset", label: d.dataset.name, target: .dataset(d.dataset.name), score: sc)) }
        }
        for i in s.incidents {
            if let sc = score(text, i.incident.id + " " + i.incident.title) {
                found.append(PaletteCandidate(kind: "incident", label: i.incident.id + " " + i.incident.title, target: .incident(i.incident.id), score: sc))
            }
        }
        for src in s.sources {
            if let sc = score(text, src.name) { found.append(PaletteCandidate(kind: "source", label: src.name, target: .source(src.name), score: sc)) }
        }
        return best(found)
    }

    private static func best(_ all: [PaletteCandidate]) -> [PaletteCandidate] {
        Array(all.sorted { $0.score != $1.score ? $0.score > $1.score : $0.label < $1.label }.prefix(limit))
    }

    /// nil when `needle`'s characters do not all appear in `haystack` in order.
    static func score(_ needle: String, _ haystack: String) -> Int? {
        guard !needle.isEmpty else { return 0 }
        let n = Array(needle.lowercased().unicodeScalars), h = Array(haystack.lowercased().unicodeScalars)
        var i = 0, score = 0, run = 0
        var previous: Unicode.Scalar?
        for c in h {
            guard i < n.count else { break }
            if c == n[i] {
                run += 1
                score += 1 + run * 2
                if previous == nil || previous.map({ !CharacterSet.alphanumerics.contains($0) }) == true { score += 6 }
                i += 1
            } else {
                run = 0
            }
            previous = c
        }
        guard i == n.count else { return nil }
        if haystack.lowercased() == needle.lowercased() { score += 50 }
        return score - h.count / 8
    }
}

extension Palette {
    init(matches: [PaletteCandidate]) {
        self.init()
        self.matches = matches
    }
}

extension ConsoleState {
    mutating func editPalette(_ p: inout Palette, _ command: Command, key: Key) -> [ConsoleEffect] {
        switch command {
        case .cancel:
            mode = .normal
            return []
        case .accept:
            mode = .normal
            let line = p.text.trimmingCharacters(in: .whitespaces)
            guard p.matches.indices.contains(p.choice) else {
                flash = Flash(text: "nothing matches \(line)", isError: true)
                return []
            }
            if !line.isEmpty, paletteHistory.last != line {
                paletteHistory.append(line)
                if paletteHistory.count > 50 { paletteHistory.removeFirst() }
            }
            return go(p.matches[p.choice].target)
        case .erase: if !p.text.isEmpty { p.text.removeLast() }
        case .eraseLine: p.text = ""
        case .type: if case .char(let c) = key { p.text += TextSanitizer.singleLine(String(c)) }
        case .nextChoice, .previousChoice:
            if !p.matches.isEmpty { p.choice = (p.choice + (command == .nextChoice ? 1 : p.matches.count - 1)) % p.matches.count }
            mode = .palette(p)
            return []
        case .historyPrevious, .historyNext:
            guard !paletteHistory.isEmpty else { return [] }
            let last = paletteHistory.count - 1
            let index = command == .historyPrevious ? max(0, (p.historyIndex ?? last + 1) - 1) : (p.historyIndex ?? last) + 1
            if index > last {
                p.historyIndex = nil
                p.text = ""
            } else {
                p.historyIndex = index
                p.text = paletteHistory[index]
            }
        default: return []
        }
        if command != .historyPrevious, command != .historyNext { p.historyIndex = nil }
        p.matches = PaletteSearch.matches(p.text, in: self)
        p.choice = 0
        mode = .palette(p)
        return []
    }

    /// Jumps (the pane, its list's selection, and the detail a user would open next) or runs a palette command.
    private mutating func go(_ target: PaletteCandidate.Target) -> [ConsoleEffect] {
        func land(_ pane: Pane, select id: String) {
            switchPane(pane)
            stacks[pane] = []
            filters[.pane(pane)] = nil
            lists[.pane(pane), default: ListState()].selectedID = id
            prepare()
        }
        switch target {
        case .pane(let p): switchPane(p)
        case .pipeline(let source, let id):
            land(.health, select: "\(source)/\(id)")
            return push(.pipelineRuns(source: source, pipelineID: id))
        case .dataset(let name), .why(let name):
            guard !name.isEmpty else {
                mode = .palette(Palette(text: "why ", matches: PaletteSearch.matches("why ", in: self)))
                return []
            }
            land(.freshness, select: name)
            return push(.dataset(name: name))
        case .incident(let id): land(.incidents, select: id)
        case .source(let name):
            land(.sources, select: name)
            return push(.source(name: name))
        case .openIncident(let title):
            if let reason = capabilities.incidentRefusal {
                flash = Flash(text: reason, isError: true)
                return []
            }
            guard let title else {
                mode = .prompt(Prompt(kind: .incidentTitle, incidentID: ""))
                return []
            }
            flash = Flash(text: "new incident: saving…", isError: false)
            return [.incident(.open(title: title), incidentID: "")]
        case .theme(let name):
            guard !name.isEmpty else {
                flash = Flash(text: "which theme? :theme NAME (e.g. :theme light)", isError: true)
                return []
            }
            return [.setTheme(name)]
        case .standup: return enterStandup()
        case .help: mode = .help
        case .quit:
            shouldQuit = true
            return [.quit]
        }
        return []
    }
}
