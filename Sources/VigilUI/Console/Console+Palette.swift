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
        ("runbook", "pane", .pane(.runbook)), ("sources", "pane", .pane(.sources)), ("changes", "pane", .pane(.changes)),
        ("why", "command", .why("")), ("incident open", "command", .openIncident(title: nil)), ("theme", "command", .theme("")),
        ("standup", "command", .standup), ("help", "command", .help), ("quit", "command", .quit),
    ]

    static func matches(_ typed: String, in state: ConsoleState) -> [PaletteCandidate] {
        let text = typed.trimmingCharacters(in: .whitespaces)
        let lower = text.lowercased()
        let index = state.rows.palette ?? PaletteIndex(state.snapshot)
        // Commands with an argument.
        if lower.hasPrefix("why ") {
            let rest = fold(String(text.dropFirst(4)).trimmingCharacters(in: .whitespaces))
            return best(top(rest, index, index.datasets) { e, score in PaletteCandidate(kind: "why", label: e.label, target: .why(e.label), score: score) })
        }
        if lower.hasPrefix("theme ") {
            let name = String(text.dropFirst(6)).trimmingCharacters(in: .whitespaces)
            return [PaletteCandidate(kind: "command", label: "theme " + name, target: .theme(name), score: 0)]
        }
        if lower.hasPrefix("incident open") {
            let title = String(text.dropFirst(13)).trimmingCharacters(in: .whitespaces)
            return [PaletteCandidate(kind: "command", label: "incident open " + title, target: .openIncident(title: title.isEmpty ? nil : title), score: 0)]
        }
        let needle = fold(text)
        var found: [PaletteCandidate] = commands.compactMap { c in
            score(needle, fold(c.word)).map { PaletteCandidate(kind: c.kind, label: c.word, target: c.target, score: $0 + 5) }
        }
        guard !needle.isEmpty else { return found }
        found += top(needle, index, index.entries.indices) { e, score in
            PaletteCandidate(kind: e.kind, label: e.label, target: e.target, score: score)
        }
        return best(found)
    }

    /// The entries in `range` that match, as candidates, keeping only the scores that can make the list: a first
    /// letter matches most of 20,000 names, and building and sorting a candidate for each was a frame's worth.
    private static func top(_ needle: [Unicode.Scalar], _ index: PaletteIndex, _ range: Range<Int>,
                            _ make: (PaletteIndex.Entry, Int) -> PaletteCandidate) -> [PaletteCandidate] {
        var hits: [(score: Int, entry: Int)] = []
        for i in range {
            if let sc = score(needle, index.entries[i].folded) { hits.append((sc, i)) }
        }
        if hits.count > limit {
            let cut = hits.map(\.score).sorted(by: >)[limit - 1]
            hits.removeAll { $0.score < cut }
        }
        return hits.map { make(index.entries[$0.entry], $0.score) }
    }

    private static func best(_ all: [PaletteCandidate]) -> [PaletteCandidate] {
        Array(all.sorted { $0.score != $1.score ? $0.score > $1.score : $0.label < $1.label }.prefix(limit))
    }

    /// Lower-cased scalars: what both sides of a match are compared as.
    static func fold(_ text: String) -> [Unicode.Scalar] { Array(text.lowercased().unicodeScalars) }

    /// nil when `needle`'s characters do not all appear in `haystack` in order.
    static func score(_ needle: String, _ haystack: String) -> Int? { score(fold(needle), fold(haystack)) }

    /// The same on folded text. Typing scores every name in the store on each key, so this neither allocates nor
    /// looks at a character class except where a letter matched.
    static func score(_ n: [Unicode.Scalar], _ h: [Unicode.Scalar]) -> Int? {
        guard !n.isEmpty else { return 0 }
        guard h.count >= n.count else { return nil }
        var i = 0, score = 0, run = 0
        var previous: Unicode.Scalar?
        for c in h {
            guard i < n.count else { break }
            if c == n[i] {
                run += 1
                score += 1 + run * 2
                if previous.map(startsWord(after:)) ?? true { score += 6 }
                i += 1
            } else {
                run = 0
            }
            previous = c
        }
        guard i == n.count else { return nil }
        if h == n { score += 50 }
        return score - h.count / 8
    }

    /// A match right after a space or punctuation starts a word.
    private static func startsWord(after c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x30...0x39, 0x61...0x7A, 0x41...0x5A: false
        case 0..<0x80: true
        default: !(c.properties.isAlphabetic || c.properties.numericType != nil)
        }
    }
}

/// Every name the palette jumps to, folded once per store read (with the read, off the UI thread) rather than on
/// every key: at 20,000 datasets folding them per key was most of a 25 ms frame.
struct PaletteIndex: Sendable {
    struct Entry: Sendable {
        var kind: String
        var label: String
        var target: PaletteCandidate.Target
        var folded: [Unicode.Scalar]
    }

    var entries: [Entry] = []
    /// Where the datasets are in `entries` (`:why` looks only at them).
    var datasets: Range<Int> = 0..<0

    init(_ s: PlatformSnapshot) {
        entries.reserveCapacity(s.pipelines.count + s.datasets.count + s.incidents.count + s.sources.count)
        func add(_ kind: String, _ label: String, _ target: PaletteCandidate.Target) {
            entries.append(Entry(kind: kind, label: label, target: target, folded: PaletteSearch.fold(label)))
        }
        for p in s.pipelines { add("pipeline", p.pipeline.pipelineID, .pipeline(source: p.pipeline.source, id: p.pipeline.pipelineID)) }
        let first = entries.count
        for i in s.datasets.indices { add("dataset", s.datasets[i].dataset.name, .dataset(s.datasets[i].dataset.name)) }
        datasets = first..<entries.count
        for i in s.incidents { add("incident", i.incident.id + " " + i.incident.title, .incident(i.incident.id)) }
        for src in s.sources { add("source", src.name, .source(src.name)) }
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
        case .help: openHelp()
        case .quit:
            shouldQuit = true
            return [.quit]
        }
        return []
    }
}
