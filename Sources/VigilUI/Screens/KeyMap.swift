/// Every key the console answers to, in one place: the help overlay and the footer are built from it,
/// so what is documented is what works.
public struct KeyBinding: Sendable {
    public var keys: String
    public var action: String

    public init(_ keys: String, _ action: String) {
        self.keys = keys
        self.action = action
    }
}

public enum KeyMap {
    public static let sections: [(title: String, bindings: [KeyBinding])] = [
        ("Panes", [
            KeyBinding("1 2 3 4 5", "Health, Freshness, Incidents, Runbook, Sources"),
            KeyBinding("Tab / Shift-Tab", "next / previous pane"),
        ]),
        ("Moving", [
            KeyBinding("↑ ↓  j k", "move the selection"),
            KeyBinding("PgUp PgDn  ^u ^d", "page up / down"),
            KeyBinding("Home End  g G", "first / last row"),
            KeyBinding("mouse", "click selects a row or a tab, wheel scrolls"),
        ]),
        ("Drilling in", [
            KeyBinding("Enter", "open: pipeline → runs → tasks, dataset → detail, incident → runbook, source → detail"),
            KeyBinding("Esc", "back (or clear the filter)"),
        ]),
        ("Incidents (panes 3 and 4)", [
            KeyBinding("a", "acknowledge the selected incident"),
            KeyBinding("n", "add a note (type any text, ⏎ saves)"),
            KeyBinding("v", "change its severity (1-4)"),
            KeyBinding("t", "take the lead"),
            KeyBinding("m  r", "mark mitigated / resolve (asks to confirm)"),
        ]),
        ("Filtering", [
            KeyBinding("/", "filter the current list by substring"),
            KeyBinding("Enter", "keep the filter and return to the list"),
            KeyBinding("Esc", "clear the filter"),
        ]),
        ("Console", [
            KeyBinding("?", "this help"),
            KeyBinding("S", "standup mode: full screen, rotating; space pauses, ← → step, esc back"),
            KeyBinding("q  Ctrl-C", "quit"),
        ]),
    ]

    /// Footer hints: short key names and actions.
    public static let footerHints: [(key: String, action: String)] = [
        ("1-5", "panes"), ("↑↓", "move"), ("⏎", "open"), ("esc", "back"), ("/", "filter"), ("?", "help"), ("q", "quit"),
    ]
}
