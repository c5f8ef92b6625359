import ArgumentParser
import Foundation
import VigilApp
import VigilConfig

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter vigil.yaml (mode 600).",
        discussion: """
        Every key is explained in comments; only a demo source is active, example airflow, dbt and postgres \
        sources are commented out. An existing file is never replaced without --force.
        """
    )

    @Option(name: .long, help: "Where to write it (default: ./vigil.yaml).")
    var config: String?

    @Flag(name: .long, help: "Replace an existing file.")
    var force = false

    func run() throws {
        let path = ConfigLocator.absolute(config ?? ConfigLocator.fileName)
        do {
            try StarterConfigFile.write(to: path, overwrite: force)
        } catch {
            printError("vigil init: \(error)")
            throw ExitCode(1)
        }
        let checkArgument = config == nil ? "" : " --config \(path)"
        print("""
        Wrote \(path) (mode 600).
        Next:
          1. Edit it: uncomment the sources you have; secrets go in environment variables or files (*_env, *_file).
          2. Validate it: vigil check\(checkArgument)
          3. Try the console meanwhile: vigil demo
        """)
    }
}
