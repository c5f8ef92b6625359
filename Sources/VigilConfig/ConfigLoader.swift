import Foundation
import VigilYAML
import Yams

/// Reads and validates `vigil.yaml`. Every problem found is reported, in file order.
public enum ConfigLoader {
    public static func load(path: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(InvalidConfiguration)
        -> VigilConfiguration {
        let text: String
        do {
            text = try read(path)
        } catch {
            throw InvalidConfiguration(problems: [error])
        }
        return try parse(yaml: text, file: path, environment: environment).get()
    }

    /// Validates config text; `file` names it in problems and anchors its relative paths.
    public static func parse(yaml: String, file: String,
                             environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Result<VigilConfiguration, InvalidConfiguration> {
        if let bomb = YAMLAliasLimit.check(yaml) {
            return .failure(InvalidConfiguration(problems: [YAMLProblem.aliasBomb(bomb, file: file)]))
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            return .failure(InvalidConfiguration(problems: [YAMLProblem.from(error, file: file, yaml: yaml)]))
        }
        var parser = ConfigParser(file: file, paths: PathResolver(configFile: file, home: PathResolver.home(environment: environment)))
        let config = parser.parse(root)
        guard parser.problems.isEmpty else {
            // Stable sort: problems on one line keep the order they were found in.
            let ordered = parser.problems.enumerated()
                .sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }
                .map(\.element)
            return .failure(InvalidConfiguration(problems: ordered))
        }
        return .success(config)
    }

    private static func read(_ path: String) throws(ConfigProblem) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigProblem(file: path, message: "no such file", hint: "create one with: vigil init --config \(path)")
        }
        guard !isDirectory.boolValue else {
            throw ConfigProblem(file: path, message: "is a directory, not a config file",
                                hint: "name the file: --config \((path as NSString).appendingPathComponent("vigil.yaml"))")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigProblem(file: path, message: "cannot be read", hint: "check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw notText(data, path: path)
        }
        return text
    }

    /// Where the bytes stop being UTF-8: the line to look at, and a hint that it may be the wrong file.
    private static func notText(_ data: Data, path: String) -> ConfigProblem {
        let bytes = [UInt8](data)
        var valid = 0
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar): valid += UTF8.width(scalar)
            case .emptyInput, .error: break decoding
            }
        }
        let line = bytes.prefix(valid).filter { $0 == 0x0A }.count + 1
        let bad = valid < bytes.count ? String(format: "byte 0x%02X", bytes[valid]) : "the file"
        return ConfigProblem(file: path, line: line,
                             message: "is not UTF-8 text: \(bad) on line \(line) is not",
                             hint: "is this the config file? vigil.yaml is YAML text saved as UTF-8")
    }
}

extension ConfigProblem: Error {}
