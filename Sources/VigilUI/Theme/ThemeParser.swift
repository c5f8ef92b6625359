import VigilYAML
import Yams

/// Turns one theme file into a `Theme`. Strict: an unknown key is almost always a typo, and a typo
/// that silently falls back to the default look is worse than an error naming the line.
struct ThemeParser {
    let source: String
    let yaml: String

    static let topLevelKeys = ["name", "description", "inherits", "roles"]
    static let roleKeys = ["fg", "bg", "attrs"]

    /// The parsed file: the roles it sets are applied on top of the parent theme's roles.
    struct Parsed {
        var displayName: String?
        var description: String?
        var inherits: String?
        /// Each role's edit of the parent's look, in file order.
        var edits: [(StyleRole, RoleEdit)]
    }

    /// The fields one role entry gives; the others keep the parent theme's value.
    struct RoleEdit {
        var fg: ThemeColor?
        var bg: ThemeColor?
        var attrs: TextAttributes?

        func apply(to look: inout RoleStyle) {
            if let fg { look.foreground = fg }
            if let bg { look.background = bg }
            if let attrs { look.attributes = attrs }
        }
    }

    func parse() throws -> Parsed {
        if let bomb = YAMLAliasLimit.check(yaml) {
            throw ThemeError(source: source, line: bomb.line,
                             message: "the alias '*\(bomb.alias)' takes the file over \(YAMLAliasLimit.limit) aliased values",
                             hint: "aliases of aliases multiply; write the values out")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw yamlError(error)
        }
        guard let root else { throw ThemeError(source: source, message: "the file is empty") }
        guard let mapping = root.mapping else {
            throw ThemeError(source: source, line: root.mark?.line, message: "expected a mapping with keys name, roles, ...")
        }
        var parsed = Parsed(edits: [])
        for (keyNode, value) in mapping {
            let key = try scalarKey(keyNode)
            switch key {
            case "name": parsed.displayName = try string(value, key: key)
            case "description": parsed.description = try string(value, key: key)
            case "inherits": parsed.inherits = try string(value, key: key)
            case "roles": parsed.edits = try roles(value)
            default:
                throw ThemeError(source: source, line: keyNode.mark?.line, message: "unknown key '\(key)'",
                                 hint: "known keys: \(Self.topLevelKeys.joined(separator: ", "))")
            }
        }
        return parsed
    }

    private func roles(_ node: Node) throws -> [(StyleRole, RoleEdit)] {
        guard let mapping = node.mapping else {
            throw ThemeError(source: source, line: node.mark?.line, message: "'roles' must map role names to {fg, bg, attrs}")
        }
        var edits: [(StyleRole, RoleEdit)] = []
        for (keyNode, value) in mapping {
            let key = try scalarKey(keyNode)
            guard let role = StyleRole(rawValue: key) else {
                throw ThemeError(source: source, line: keyNode.mark?.line, message: "unknown role '\(key)'",
                                 hint: "known roles: \(StyleRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            edits.append((role, try roleEdit(value, role: key)))
        }
        return edits
    }

    private func roleEdit(_ node: Node, role: String) throws -> RoleEdit {
        guard let mapping = node.mapping else {
            throw ThemeError(source: source, line: node.mark?.line, message: "role '\(role)' must be a mapping like {fg: 252, attrs: [bold]}")
        }
        var edit = RoleEdit()
        for (keyNode, value) in mapping {
            let key = try scalarKey(keyNode)
            switch key {
            case "fg": edit.fg = try color(value, role: role, key: key)
            case "bg": edit.bg = try color(value, role: role, key: key)
            case "attrs": edit.attrs = try attributes(value, role: role)
            default:
                throw ThemeError(source: source, line: keyNode.mark?.line, message: "unknown key '\(key)' in role '\(role)'",
                                 hint: "known keys: \(Self.roleKeys.joined(separator: ", "))")
            }
        }
        return edit
    }

    private func color(_ node: Node, role: String, key: String) throws -> ThemeColor {
        let line = node.mark?.line
        guard let scalar = node.scalar else {
            throw ThemeError(source: source, line: line, message: "'\(key)' of role '\(role)' must be a single colour",
                             hint: ThemeColorSyntax.colorHint)
        }
        // An unquoted #rrggbb is a YAML comment, which leaves the value empty.
        if scalar.string.isEmpty {
            throw ThemeError(source: source, line: line, message: "'\(key)' of role '\(role)' is empty",
                             hint: "quote hex colours: \(key): \"#rrggbb\"")
        }
        guard let color = ThemeColorSyntax.parseColor(scalar.string) else {
            throw ThemeError(source: source, line: line, message: "invalid colour '\(scalar.string)' for '\(key)' of role '\(role)'",
                             hint: ThemeColorSyntax.colorHint)
        }
        return color
    }

    private func attributes(_ node: Node, role: String) throws -> TextAttributes {
        let known = ThemeColorSyntax.attributeNames.map(\.0).joined(separator: ", ")
        guard let sequence = node.sequence else {
            throw ThemeError(source: source, line: node.mark?.line, message: "'attrs' of role '\(role)' must be a list like [bold]",
                             hint: "known attributes: \(known)")
        }
        var result: TextAttributes = []
        for item in sequence {
            guard let name = item.scalar?.string, let attr = ThemeColorSyntax.parseAttribute(name) else {
                throw ThemeError(source: source, line: item.mark?.line,
                                 message: "unknown attribute '\(item.scalar?.string ?? "?")' in role '\(role)'",
                                 hint: "known attributes: \(known)")
            }
            result.formUnion(attr)
        }
        return result
    }

    private func scalarKey(_ node: Node) throws -> String {
        guard let key = node.scalar?.string else {
            throw ThemeError(source: source, line: node.mark?.line, message: "keys must be plain words")
        }
        return key
    }

    private func string(_ node: Node, key: String) throws -> String {
        guard let value = node.scalar?.string else {
            throw ThemeError(source: source, line: node.mark?.line, message: "'\(key)' must be text")
        }
        return value
    }

    private func yamlError(_ error: YamlError) -> ThemeError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return ThemeError(source: source, line: mark.line, message: "invalid YAML: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, _):
            return ThemeError(source: source, message: "duplicate key(s): \(duplicates.sorted().joined(separator: ", "))")
        case let .reader(problem, offset, _, yaml):
            // Yams' own text for this quotes the offending line, control characters and all, over two lines.
            return ThemeError(source: source, line: offset.map { Self.line(atCharacterOffset: $0, in: yaml) },
                              message: "invalid YAML: \(problem)",
                              hint: "delete it: YAML allows no control characters (escape sequences, NUL) besides tab and newline")
        default:
            return ThemeError(source: source, message: "invalid YAML: \(String(describing: error).prefix { $0 != "\n" })")
        }
    }

    /// 1-based line of the character at `offset` (Yams reports reader problems by offset only).
    static func line(atCharacterOffset offset: Int, in yaml: String) -> Int {
        yaml.prefix(max(0, offset)).reduce(1) { $1 == "\n" || $1 == "\r\n" || $1 == "\r" ? $0 + 1 : $0 }
    }
}
