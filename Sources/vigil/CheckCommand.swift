import ArgumentParser
import Foundation
import VigilConfig
import VigilStore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate vigil.yaml and report every problem with its line.",
        discussion: """
        Looks for --config FILE, else ./vigil.yaml, else $XDG_CONFIG_HOME/vigil/vigil.yaml \
        (~/.config/vigil/vigil.yaml). Problems print as FILE:LINE: FIELD: message (hint) and exit 1. \
        Missing environment variables, secret files and folders are warnings (values are never printed).
        """
    )

    @Option(name: .long, help: "Config file to check (default: ./vigil.yaml, then $XDG_CONFIG_HOME/vigil/vigil.yaml).")
    var config: String?

    func run() throws {
        guard let path = ConfigLocator.find(explicit: config) else {
            print("vigil check: no \(ConfigLocator.fileName) found (looked in \(ConfigLocator.candidates().joined(separator: ", ")))")
            print("Create one with: vigil init")
            throw ExitCode(1)
        }
        let loaded: VigilConfiguration
        do {
            loaded = try ConfigLoader.load(path: path)
        } catch {
            for problem in error.problems { print(problem) }
            let n = error.problems.count
            print("\(n) problem\(n == 1 ? "" : "s") in \(path)")
            throw ExitCode(1)
        }
        for warning in ConfigAudit.warnings(for: loaded) { print("\(path): \(warning)") }
        for line in ConfigSummary.lines(loaded, file: path, storePath: loaded.storeDSN.map { "PostgreSQL, connection string from \($0)" } ?? loaded.store.map(Store.describe) ?? Store.defaultPath()) { print(line) }
    }
}
