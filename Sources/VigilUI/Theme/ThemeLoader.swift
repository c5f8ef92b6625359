import Foundation

/// Finds and reads themes/*.yaml. Every theme builds on a parent (`inherits:`, default when absent),
/// so a file only has to list the roles it changes, and a role entry only the fields it changes.
public enum ThemeLoader {
    /// Parses one theme file. `source` names the file in error messages (default "NAME.yaml").
    /// Only "default" can be inherited here; `load(named:searchPaths:)` resolves other parents from disk.
    public static func parse(yaml: String, name: String, source: String? = nil) throws -> Theme {
        try parse(yaml: yaml, name: name, source: source ?? "\(name).yaml") { parent, line, src in
            guard parent == "default" else {
                throw ThemeError(source: src, line: line, message: "cannot resolve inherits '\(parent)' here",
                                 hint: "only 'default' can be inherited without a search path")
            }
            return builtinDefault
        }
    }

    /// Loads NAME.yaml from the first search path that has it. "default" falls back to the built-in theme.
    /// A name containing "/" or ending in ".yaml" is read as a file path.
    public static func load(named name: String, searchPaths: [String]) throws -> Theme {
        try load(named: name, searchPaths: searchPaths, chain: [])
    }

    /// Theme names found in the search paths, plus "default", sorted.
    public static func availableThemes(searchPaths: [String]) -> [String] {
        var names: Set<String> = ["default"]
        for dir in searchPaths {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for file in files where file.hasSuffix(".yaml") && file.count > 5 {
                names.insert(String(file.dropLast(5)))
            }
        }
        return names.sorted()
    }

    // MARK: - Internals

    /// `resolveParent(name, line, source)` supplies the theme named by `inherits:`.
    static func parse(yaml: String, name: String, source: String,
                      resolveParent: (String, Int?, String) throws -> Theme) throws -> Theme {
        let parsed = try ThemeParser(source: source, yaml: yaml).parse()
        let parent = try parsed.inherits.map { try resolveParent($0, inheritsLine(yaml), source) } ?? builtinDefault
        return apply(parsed, to: parent, name: name)
    }

    /// The parent's roles with the file's edits on top. The theme is named after what the user selected.
    static func apply(_ parsed: ThemeParser.Parsed, to parent: Theme, name: String) -> Theme {
        var roles = parent.roles
        for (role, edit) in parsed.edits {
            var look = roles[role] ?? RoleStyle()
            edit.apply(to: &look)
            roles[role] = look
        }
        return Theme(name: name, roles: roles, description: parsed.description ?? parent.description)
    }

    private static func load(named name: String, searchPaths: [String], chain: [String]) throws -> Theme {
        let isPath = name.contains("/") || name.hasSuffix(".yaml")
        let themeName = isPath ? String((name as NSString).lastPathComponent.dropLast(name.hasSuffix(".yaml") ? 5 : 0)) : name
        if chain.contains(themeName) {
            throw ThemeError(source: "theme '\(chain.first ?? name)'",
                             message: "inheritance cycle: \((chain + [themeName]).joined(separator: " -> "))")
        }
        let path = isPath ? name : searchPaths.map { "\($0)/\(name).yaml" }.first { FileManager.default.fileExists(atPath: $0) }
        guard let path else {
            if name == "default" { return builtinDefault }
            throw ThemeError(source: "theme '\(name)'",
                             message: "not found (looked for \(name).yaml in \(searchPaths.joined(separator: ", ")))",
                             hint: "available: \(availableThemes(searchPaths: searchPaths).joined(separator: ", "))")
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ThemeError(source: path, message: "cannot read the file (\(error.localizedDescription))")
        }
        return try parse(yaml: text, name: themeName, source: path) { parent, line, src in
            do {
                return try load(named: parent, searchPaths: searchPaths, chain: chain + [themeName])
            } catch var error as ThemeError where error.source == "theme '\(parent)'" {
                // Point at the `inherits:` line rather than at a theme the user never named.
                error.message = "inherits '\(parent)', which is \(error.message)"
                error.source = src
                error.line = line
                throw error
            }
        }
    }

    /// Line of the top-level `inherits:` key, for errors about the parent.
    private static func inheritsLine(_ yaml: String) -> Int? {
        var line = 0
        for text in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            line += 1
            if text.hasPrefix("inherits:") { return line }
        }
        return nil
    }
}
