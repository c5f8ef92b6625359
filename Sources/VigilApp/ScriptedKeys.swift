import VigilUI

/// Key names for scripted input (`vigil snapshot --keys enter,down`): the snapshot and tests drive the
/// console (`Console.update`) with the same events a terminal would send.
public enum ScriptedKeys {
    public struct UnknownKey: Error, CustomStringConvertible {
        public let name: String
        public var description: String {
            "unknown key '\(name)'; use a single character or one of: \(ScriptedKeys.named.keys.sorted().joined(separator: ", "))"
        }
    }

    static let named: [String: Key] = [
        "enter": .enter, "esc": .escape, "escape": .escape, "tab": .tab, "backtab": .backTab,
        "up": .up, "down": .down, "left": .left, "right": .right, "pgup": .pageUp, "pgdn": .pageDown,
        "home": .home, "end": .end, "backspace": .backspace, "space": .char(" "), "comma": .char(","),
    ]

    /// "enter,down,/,c,u,s,t" → events. Single characters stand for themselves.
    public static func parse(_ text: String) throws -> [InputEvent] {
        try text.split(separator: ",").map { raw in
            let name = String(raw)
            if let key = named[name.lowercased()] { return .key(key) }
            if name.count == 1, let c = name.first { return .key(.char(c)) }
            throw UnknownKey(name: name)
        }
    }
}
