import VigilCore

/// What a key does in the console. `Console.update` carries commands out; the bindings table maps keys to them.
enum Command: Sendable, Equatable {
    case quit, help, standup, palette, filter
    case pane, nextPane, previousPane
    case up, down, pageUp, pageDown, top, bottom
    case open, back, sort
    case acknowledge, note, severity, takeLead, mitigate, resolve, actionItem
    case stepDone, stepSkip, stepNote, stepRun
    case clearTask, clearDownstream, triggerRun, togglePause
    case nextMatch, previousMatch
    case standupPause, standupNext, standupPrevious, standupLeave
    case accept, cancel, erase, eraseLine, type
    case historyPrevious, historyNext, nextChoice, previousChoice
    case yes, no, severityDigit, resolveAs
    case closeHelp, scrollHelp
}

/// Where a binding applies. Scopes are tried in table order, so a narrower one (the Runbook pane's `n`) wins
/// over a wider one (the Incidents panes' `n`).
enum Scope: Sendable, Equatable, CaseIterable {
    case standup, help, confirmation, severityPrompt, resolvePrompt, palette, filter, prompt, log, tasks, pipelines, runbook, incidents, lists, everywhere

    var title: String {
        switch self {
        case .standup: return "Standup (S, vigil standup)"
        case .help: return "This help"
        case .confirmation: return "Confirming (y/n questions)"
        case .severityPrompt: return "Choosing a severity"
        case .resolvePrompt: return "Resolving: how did it end?"
        case .palette: return "Command palette (:)"
        case .filter: return "Filter line (/)"
        case .prompt: return "Typing a note, a reason, a title or an action item"
        case .log: return "Task log"
        case .tasks: return "Task instances of a run"
        case .pipelines: return "Pipelines (Health, runs, task instances)"
        case .runbook: return "Runbook (pane 4)"
        case .incidents: return "Incidents (panes 3 and 4)"
        case .lists: return "Lists"
        case .everywhere: return "Everywhere"
        }
    }

    /// The README's short name for the scope column.
    var short: String {
        switch self {
        case .standup: return "standup"
        case .help: return "help"
        case .confirmation: return "y/n question"
        case .severityPrompt: return "severity question"
        case .resolvePrompt: return "resolve question"
        case .palette: return "palette"
        case .filter: return "filter line"
        case .prompt: return "text question"
        case .log: return "task log"
        case .tasks: return "task instances"
        case .pipelines: return "Health, runs, tasks"
        case .runbook: return "pane 4"
        case .incidents: return "panes 3, 4"
        case .lists: return "lists"
        case .everywhere: return "everywhere"
        }
    }
}

/// Which keys a binding answers to.
enum KeyPattern: Sendable, Equatable {
    case key(Key)
    case paneDigit
    case severityDigit
    /// An upper-case letter that sorts a column of the current list (shown underlined in its title).
    case sortLetter
    /// Any printable character (text entry).
    case printable

    func matches(_ key: Key, _ state: ConsoleState) -> Bool {
        switch (self, key) {
        case (.key(let k), _): return k == key
        case (.paneDigit, .char(let c)): return ("1"..."6").contains(c)
        case (.severityDigit, .char(let c)): return ("1"..."4").contains(c)
        case (.sortLetter, .char(let c)): return Sorting.columns(for: state.currentView).contains { $0.letter == c }
        case (.printable, .char): return true
        default: return false
        }
    }
}

/// One row of the table: the keys, where, what it does, the help text and the footer's short form.
struct Binding: Sendable {
    var keys: [KeyPattern]
    /// How the keys are written in help, the footer and the README.
    var label: String
    var scope: Scope
    var command: Command
    var help: String
    /// The footer's short word for it; nil keeps it out of the footer (still in `?` and the README).
    var footer: String?

    init(_ label: String, _ keys: [KeyPattern], _ scope: Scope, _ command: Command, _ help: String, footer: String? = nil) {
        self.keys = keys
        self.label = label
        self.scope = scope
        self.command = command
        self.help = help
        self.footer = footer
    }
}

/// The console's key bindings, in one table: `Console.update` dispatches from it, and the footer, the `?` overlay
/// and the README's key table are derived from it, so what is documented is what works.
enum Bindings {
    private static func k(_ keys: Key...) -> [KeyPattern] { keys.map { .key($0) } }
    private static func c(_ chars: String) -> [KeyPattern] { chars.map { .key(.char($0)) } }

    static let table: [Binding] = [
        // Standup owns the screen.
        Binding("space p", c(" p"), .standup, .standupPause, "pause / resume the rotation"),
        Binding("→ l n Tab", k(.right, .char("l"), .char("n"), .tab), .standup, .standupNext, "next page"),
        Binding("← h Shift-Tab", k(.left, .char("h"), .backTab), .standup, .standupPrevious, "previous page"),
        Binding("esc S", k(.escape, .char("S")), .standup, .standupLeave, "back to the console (vigil standup: quit)"),
        Binding("q ^c", k(.char("q"), .ctrl("c")), .standup, .quit, "quit"),

        Binding("q", c("q"), .help, .quit, "quit"),
        Binding("↑ ↓ j k PgUp PgDn", k(.up, .down, .char("k"), .char("j"), .pageUp, .pageDown), .help, .scrollHelp,
                "scroll this help, when it is longer than the screen"),
        Binding("any key", [], .help, .closeHelp, "close this help"),

        Binding("y", c("yY"), .confirmation, .yes, "yes, do it"),
        Binding("n esc", k(.char("n"), .char("N"), .escape), .confirmation, .no, "no, cancel"),
        Binding("d", c("d"), .confirmation, .clearDownstream,
                "on a clear: with or without the tasks after it in the run (asks Airflow's dry run again)", footer: "downstream"),
        Binding("1-4", [.severityDigit], .severityPrompt, .severityDigit, "Sev1 (worst) to Sev4"),
        Binding("esc", k(.escape), .severityPrompt, .cancel, "cancel"),
    ] + ResolutionKeys.all.map { key, how in
        Binding(String(key), [.key(.char(key))], .resolvePrompt, .resolveAs, "\(how.rawValue) — \(how.help)"
                + (how.isActionable ? "" : " (alert precision counts it against the alert)"))
    } + [
        Binding("esc", k(.escape), .resolvePrompt, .cancel, "cancel: stays open"),

        Binding("⏎", k(.enter), .palette, .accept, "go: jump to the chosen match or run the command"),
        Binding("Tab Shift-Tab", k(.tab, .backTab), .palette, .nextChoice, "choose among the matches"),
        Binding("↑ ↓", k(.up, .down), .palette, .historyPrevious, "earlier / later lines typed here"),
        Binding("esc", k(.escape), .palette, .cancel, "close the palette"),

        Binding("⏎", k(.enter), .filter, .accept, "keep the filter and return to the list"),
        Binding("esc", k(.escape), .filter, .cancel, "clear the filter"),
        Binding("↑ ↓ PgUp PgDn", k(.up, .down, .pageUp, .pageDown), .filter, .down, "keep the filter and move in the list"),

        Binding("⏎", k(.enter), .prompt, .accept, "save"),
        Binding("esc", k(.escape), .prompt, .cancel, "cancel"),

        // Shared by every line being typed into (filter, palette, note).
        Binding("⌫ ^u", k(.backspace, .delete, .ctrl("u")), .prompt, .erase, "erase a character (^u: the line)"),

        Binding("n", c("n"), .log, .nextMatch, "next match of the search", footer: "next"),
        Binding("N", c("N"), .log, .previousMatch, "previous match", footer: "prev"),

        Binding("c", c("c"), .tasks, .clearTask, "clear the task so it runs again (shows what will rerun, asks to confirm)", footer: "clear"),
        Binding("T", c("T"), .pipelines, .triggerRun, "trigger a new run of the DAG (asks to confirm)", footer: "trigger"),
        Binding("P", c("P"), .pipelines, .togglePause, "pause / unpause the DAG (asks to confirm)", footer: "pause"),

        Binding("space", c(" "), .runbook, .stepDone, "mark the step done (the cursor moves to the next)", footer: "done"),
        Binding("s", c("s"), .runbook, .stepSkip, "skip the step (asks why)", footer: "skip"),
        Binding("n", c("n"), .runbook, .stepNote, "note on the step", footer: "note"),
        Binding("x", c("x"), .runbook, .stepRun, "run the step's command (asks to confirm)", footer: "run"),

        Binding("a", c("a"), .incidents, .acknowledge, "acknowledge the selected incident", footer: "ack"),
        Binding("n", c("n"), .incidents, .note, "add a note to the incident (type any text, ⏎ saves)", footer: "note"),
        Binding("v", c("v"), .incidents, .severity, "change its severity (1-4)", footer: "sev"),
        Binding("t", c("t"), .incidents, .takeLead, "take the lead", footer: "lead"),
        Binding("m", c("m"), .incidents, .mitigate, "mark mitigated (asks to confirm)", footer: "mitigate"),
        Binding("r", c("r"), .incidents, .resolve, "resolve, saying how it ended: f fixed, u upstream, n noise, d duplicate", footer: "resolve"),
        Binding("f", c("f"), .incidents, .actionItem, "add a follow-up: a postmortem action item (type the text, ⏎ saves)", footer: "follow-up"),

        Binding("↑ ↓ j k", k(.up, .down, .char("j"), .char("k")), .lists, .up, "move the selection"),
        Binding("PgUp PgDn ^u ^d ^b ^f", k(.pageUp, .pageDown, .ctrl("u"), .ctrl("d"), .ctrl("b"), .ctrl("f")), .lists, .pageUp, "page up / down"),
        Binding("Home End g G", k(.home, .end, .char("g"), .char("G")), .lists, .top, "first / last row"),
        Binding("⏎ → l", k(.enter, .right, .char("l")), .lists, .open,
                "open: pipeline → runs → tasks → log, dataset → detail, incident → runbook, source → detail, change → detail", footer: "open"),
        Binding("esc ← h ⌫", k(.escape, .left, .char("h"), .backspace), .lists, .back, "back (or clear the filter)", footer: "back"),
        Binding("/", c("/"), .lists, .filter, "filter the list by substring (in a log: search)", footer: "filter"),
        Binding("A-Z", [.sortLetter], .lists, .sort, "sort by the column whose letter is underlined; again reverses"),
        Binding("mouse", [], .lists, .up, "click selects a row or a tab, the wheel scrolls"),

        Binding("1 2 3 4 5 6", [.paneDigit], .everywhere, .pane, "Health, Freshness, Incidents, Runbook, Sources, Changes"),
        Binding("Tab Shift-Tab", k(.tab, .backTab), .everywhere, .nextPane, "next / previous pane"),
        Binding(":", c(":"), .everywhere, .palette, "command palette: jump to any pipeline, dataset, incident or source; :why, :theme …", footer: "jump"),
        Binding("S", c("S"), .everywhere, .standup, "standup mode: full screen, rotating"),
        Binding("?", c("?"), .everywhere, .help, "the keys of this view", footer: "help"),
        Binding("q ^c", k(.char("q"), .ctrl("c")), .everywhere, .quit, "quit", footer: "quit"),
    ]

    /// The command a key stands for: exact keys whose binding differs by key (up vs down, pane digits) resolve here.
    static func command(for binding: Binding, key: Key) -> Command {
        switch (binding.command, key) {
        case (.up, .down), (.up, .char("j")): return .down
        case (.pageUp, .pageDown), (.pageUp, .ctrl("d")), (.pageUp, .ctrl("f")): return .pageDown
        case (.top, .end), (.top, .char("G")): return .bottom
        case (.nextPane, .backTab): return .previousPane
        case (.nextChoice, .backTab): return .previousChoice
        case (.historyPrevious, .down): return .historyNext
        case (.erase, .ctrl("u")): return .eraseLine
        case (.down, .up): return .up
        case (.down, .pageUp): return .pageUp
        case (.down, .pageDown): return .pageDown
        default: return binding.command
        }
    }

    /// The scopes that apply now, narrowest first.
    static func activeScopes(_ state: ConsoleState) -> [Scope] {
        if state.standup != nil { return [.standup] }
        switch state.mode {
        case .help: return [.help]
        case .palette: return [.palette, .prompt]
        case .filter: return [.filter, .prompt]
        case .prompt(let p):
            if p.kind.isConfirmation { return [.confirmation] }
            if p.kind == .severity { return [.severityPrompt] }
            if p.kind == .resolveHow { return [.resolvePrompt] }
            return [.prompt]
        case .normal: break
        }
        var scopes: [Scope] = []
        switch state.currentView {
        case .route(.taskLog): scopes = [.log]
        case .route(.runTasks): scopes = [.tasks, .pipelines]
        case .route(.pipelineRuns), .pane(.health): scopes = [.pipelines]
        case .pane(.runbook): scopes = [.runbook, .incidents]
        case .pane(.incidents): scopes = [.incidents]
        default: break
        }
        return scopes + [.lists, .everywhere]
    }

    /// The binding a key hits now, if any.
    static func match(_ key: Key, _ state: ConsoleState) -> Binding? {
        let scopes = activeScopes(state)
        for scope in scopes {
            if let b = table.first(where: { $0.scope == scope && $0.keys.contains { $0.matches(key, state) } }) { return b }
        }
        if scopes.contains(.prompt), KeyPattern.printable.matches(key, state) {
            return Binding("text", [.printable], .prompt, .type, "type")
        }
        return nil
    }

    /// Why a command cannot be done now (shown in the footer, `?` and as the answer to the key); nil when it can.
    static func disabledReason(_ command: Command, _ state: ConsoleState) -> String? {
        switch command {
        case .acknowledge, .note, .severity, .takeLead, .mitigate, .resolve, .actionItem:
            if state.selectedIncident == nil { return "no incident selected" }
            return state.capabilities.incidentRefusal
        case .stepDone, .stepSkip, .stepNote, .stepRun:
            guard let runbook = state.selectedRunbook else { return "no runbook here: pick an incident with one in the Incidents pane (3)" }
            if let refusal = state.capabilities.runbookRefusal { return refusal }
            let step = state.list(.pane(.runbook)).selected
            if command == .stepRun, runbook.steps.indices.contains(step), runbook.steps[step].command == nil {
                return "step \(step + 1) has no command to run"
            }
            return nil
        case .clearDownstream:
            guard case .prompt(let p) = state.mode, case .confirmAction(.clearTask, _) = p.kind else { return "only a clear has downstream tasks" }
            return nil
        case .clearTask:
            guard let task = state.selectedTask else { return "no task instance selected" }
            return state.capabilities.actionRefusal(source: task.source)
        case .triggerRun, .togglePause:
            guard let p = state.selectedPipeline else { return "no pipeline selected" }
            return state.capabilities.actionRefusal(source: p.source)
        case .open:
            switch state.currentView {
            case .route(.taskLog), .route(.dataset), .route(.source), .route(.change): return "nothing to open here: esc goes back"
            default: return nil
            }
        case .nextMatch, .previousMatch:
            return state.currentFilter.isEmpty ? "nothing searched yet: / to search the log" : nil
        default:
            return nil
        }
    }

    /// The footer's hints for the current view: its own keys first, then the common ones. A key that is off now
    /// is left out (pressing it says why, and so does `?`), and so is one a narrower scope took over.
    static func footer(_ state: ConsoleState) -> [(key: String, action: String)] {
        var shown = Set<String>()
        var hints: [(key: String, action: String)] = []
        for scope in activeScopes(state) {
            for b in table where b.scope == scope {
                guard let word = b.footer, shown.insert(b.label).inserted, disabledReason(b.command, state) == nil else { continue }
                hints.append((footerKey(b), word))
            }
        }
        return hints
    }

    private static func footerKey(_ b: Binding) -> String {
        switch b.command {
        case .pane: return "1-6"
        case .open: return "⏎"
        case .back: return "esc"
        case .stepDone: return "␣"
        case .quit: return "q"
        default: return b.label
        }
    }

    /// The `?` overlay's sections: the scopes that apply in this view (narrowest first), each binding with why it
    /// is off now, if it is.
    static func helpSections(_ state: ConsoleState) -> [(title: String, rows: [(keys: String, help: String, disabled: String?)])] {
        var normal = state
        normal.mode = .normal
        return activeScopes(normal).map { scope in
            (scope.title, table.filter { $0.scope == scope }.map { ($0.label, $0.help, disabledReason($0.command, normal)) })
        }
    }

    /// The README's key table (between `<!-- keys:begin -->` and `<!-- keys:end -->`); a test keeps them equal.
    static func markdown() -> String {
        var lines = ["| Keys | Where | Does |", "|---|---|---|"]
        for b in table {
            let keys = b.keys.isEmpty ? b.label : b.label.split(separator: " ").map { "`\($0)`" }.joined(separator: " ")
            lines.append("| \(keys) | \(b.scope.short) | \(b.help.replacingOccurrences(of: "|", with: "\\|")) |")
        }
        return lines.joined(separator: "\n")
    }
}
