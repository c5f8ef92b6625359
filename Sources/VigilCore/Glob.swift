/// A shell-style pattern over names: `*` any run of characters (dots included), `?` one character, `[abc]`,
/// `[a-z]` and `[!a-z]` (or `[^a-z]`) one character of a set, `\` makes the next character literal
/// (`\]` inside a set).
/// Matching ignores case, because warehouses disagree on it. Written by hand so text from a runbook never
/// becomes a regular expression.
public struct Glob: Sendable, Equatable, Hashable, CustomStringConvertible {
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case unclosedBracket
        case emptySet
        case trailingBackslash

        public var description: String {
            switch self {
            case .empty: return "an empty pattern matches nothing"
            case .unclosedBracket: return "'[' is never closed by ']'"
            case .emptySet: return "'[]' names no characters"
            case .trailingBackslash: return "ends with '\\', which escapes nothing"
            }
        }
    }

    enum Token: Sendable, Equatable, Hashable {
        case literal(Character)
        case one
        case star
        case set([SetItem], negated: Bool)
    }

    enum SetItem: Sendable, Equatable, Hashable {
        case character(Character)
        case range(Character, Character)
    }

    public let pattern: String
    let tokens: [Token]

    public init(_ pattern: String) throws(Problem) {
        self.pattern = pattern
        tokens = try Glob.compile(Array(pattern.lowercased()))
    }

    public var description: String { pattern }

    /// True when the pattern has `*`, `?` or a set: it can match more than one name.
    public var hasWildcards: Bool { tokens.contains { if case .literal = $0 { false } else { true } } }

    /// How many characters are fixed; more means a narrower pattern (used to rank runbooks).
    public var literalCount: Int { tokens.filter { if case .literal = $0 { true } else { false } }.count }

    public func matches(_ name: String) -> Bool {
        let text = Array(name.lowercased())
        // Iterative matching with one backtrack point (the latest `*`): linear-ish, no recursion blow-up.
        var t = 0, p = 0
        var starToken: Int?
        var starText = 0
        while t < text.count {
            if p < tokens.count, tokens[p] != .star, Glob.accepts(tokens[p], text[t]) {
                t += 1
                p += 1
            } else if p < tokens.count, tokens[p] == .star {
                starToken = p
                starText = t
                p += 1
            } else if let star = starToken {
                starText += 1
                t = starText
                p = star + 1
            } else {
                return false
            }
        }
        while p < tokens.count, tokens[p] == .star { p += 1 }
        return p == tokens.count
    }

    private static func accepts(_ token: Token, _ c: Character) -> Bool {
        switch token {
        case .literal(let l): return l == c
        case .one: return true
        case .star: return true
        case let .set(items, negated):
            let inside = items.contains { item in
                switch item {
                case .character(let x): return x == c
                case let .range(low, high): return low <= c && c <= high
                }
            }
            return inside != negated
        }
    }

    private static func compile(_ chars: [Character]) throws(Problem) -> [Token] {
        guard !chars.isEmpty else { throw .empty }
        var tokens: [Token] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "*":
                // Consecutive stars mean the same as one.
                if tokens.last != .star { tokens.append(.star) }
                i += 1
            case "?":
                tokens.append(.one)
                i += 1
            case "\\":
                guard i + 1 < chars.count else { throw .trailingBackslash }
                tokens.append(.literal(chars[i + 1]))
                i += 2
            case "[":
                let (token, next) = try set(chars, from: i + 1)
                tokens.append(token)
                i = next
            default:
                tokens.append(.literal(c))
                i += 1
            }
        }
        return tokens
    }

    /// Parses a set starting after its `[`; returns it and the index after its `]`.
    private static func set(_ chars: [Character], from start: Int) throws(Problem) -> (Token, Int) {
        var i = start
        var negated = false
        if i < chars.count, chars[i] == "!" || chars[i] == "^" {
            negated = true
            i += 1
        }
        var items: [SetItem] = []
        while i < chars.count, chars[i] != "]" {
            if chars[i] == "\\", i + 1 < chars.count {
                items.append(.character(chars[i + 1]))
                i += 2
            } else if i + 2 < chars.count, chars[i + 1] == "-", chars[i + 2] != "]" {
                items.append(.range(min(chars[i], chars[i + 2]), max(chars[i], chars[i + 2])))
                i += 3
            } else {
                items.append(.character(chars[i]))
                i += 1
            }
        }
        guard i < chars.count else { throw .unclosedBracket }
        guard !items.isEmpty else { throw .emptySet }
        return (.set(items, negated: negated), i + 1)
    }
}
