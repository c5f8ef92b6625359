import VigilYAML
import Yams

/// Turns a YAML syntax error into a problem with the line it was found on.
enum YAMLProblem {
    static func from(_ error: Error, file: String, yaml: String) -> ConfigProblem {
        guard let error = error as? YamlError else {
            return ConfigProblem(file: file, message: "invalid YAML: \(error)")
        }
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return ConfigProblem(file: file, line: mark.line, column: mark.column,
                                 message: "invalid YAML: \(problem)", hint: hint(line: mark.line, yaml: yaml))
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return ConfigProblem(file: file, line: context.mark.line, column: context.mark.column,
                                 message: "\(keys) appears more than once in the same mapping",
                                 hint: "keep one; YAML would silently drop the others")
        case let .reader(problem, offset, _, text):
            // Yams reports these by character offset; its own text quotes the raw line over two lines.
            return ConfigProblem(file: file, line: offset.map { line(atCharacterOffset: $0, in: text) },
                                 message: "invalid YAML: \(problem)",
                                 hint: "delete it: YAML allows no control characters (escape sequences, NUL) besides tab and newline")
        default:
            return ConfigProblem(file: file, message: "invalid YAML: \(String(describing: error).prefix { $0 != "\n" })")
        }
    }

    /// Aliases that would stand for more values than any config needs: refused before Yams composes them.
    static func aliasBomb(_ bomb: YAMLAliasLimit.Exceeded, file: String) -> ConfigProblem {
        ConfigProblem(file: file, line: bomb.line, column: bomb.column,
                      message: "the alias '*\(bomb.alias)' takes the file over \(YAMLAliasLimit.limit) aliased values",
                      hint: "aliases of aliases multiply; write the values out, or alias each one only a few times")
    }

    /// 1-based line of the character at `offset`.
    static func line(atCharacterOffset offset: Int, in yaml: String) -> Int {
        yaml.prefix(max(0, offset)).reduce(1) { $1 == "\n" || $1 == "\r\n" || $1 == "\r" ? $0 + 1 : $0 }
    }

    /// The common causes, which libyaml's own wording does not name.
    private static func hint(line: Int, yaml: String) -> String? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let nearby = lines.indices.filter { abs($0 + 1 - line) <= 1 }.map { lines[$0] }
        if nearby.contains(where: { $0.contains("\t") }) { return "indent with spaces: YAML does not allow tabs" }
        return "check the indentation and that ':' is followed by a space"
    }
}
