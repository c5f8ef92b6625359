import ArgumentParser
import Foundation
import VigilApp
import VigilConfig
import VigilCore

/// `vigil runbook list|show|check`: the Markdown runbooks of the configured folder.
struct RunbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbook",
        abstract: "List, read and check the Markdown runbooks of the runbooks folder.",
        discussion: """
        The folder is --dir, else the config's runbooks:, else ./runbooks. Each *.md file is one runbook: YAML \
        front matter (title, applies_to, severity), then its steps as a checklist or numbered headings.
        """,
        subcommands: [List.self, Show.self, Check.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per runbook: id, steps, severity, title, what it applies to.")
        @OptionGroup var folder: RunbookFolderOptions

        func run() throws {
            let library = try folder.load()
            print(RunbookText.list(library))
            if !library.problems.isEmpty {
                let n = library.brokenFiles.count
                printError("\(n) file\(n == 1 ? "" : "s") with problems not listed: vigil runbook check shows them")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one runbook: what it applies to, then its numbered steps with guidance and commands.")
        @OptionGroup var folder: RunbookFolderOptions
        @Argument(help: "Runbook id: the file name without .md, e.g. stale-tier1-table.")
        var id: String

        func run() throws {
            let directory = try folder.path()
            let library = try folder.load()
            if let runbook = library.runbooks.first(where: { $0.id == id }) {
                print(RunbookText.show(runbook, width: terminalWidth()))
                return
            }
            let ownProblems = library.problems.filter { ($0.file as NSString).lastPathComponent == "\(id).md" }
            if !ownProblems.isEmpty {
                for problem in ownProblems { printError(RunbookText.line(problem.description)) }
                printError("vigil runbook show: \(RunbookText.line(id)) has problems; fix them first")
                throw ExitCode(1)
            }
            let known = library.runbooks.map(\.id)
            let hint = RunbookFolder.suggest(id, among: known).map { " (did you mean \($0)?)" }
                ?? (known.isEmpty ? "" : " (known: \(known.joined(separator: ", ")))")
            printError("vigil runbook show: no runbook '\(RunbookText.line(id))' in \(directory)\(hint)")
            throw ExitCode(1)
        }

        private func terminalWidth() -> Int {
            var size = winsize()
            guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 100 }
            return min(Int(size.ws_col), 120)
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate every runbook file; print FILE:LINE: message (hint) per problem and exit 1 if any.")
        @OptionGroup var folder: RunbookFolderOptions

        func run() throws {
            let (text, clean) = RunbookText.check(RunbookFolder.load(try folder.path()))
            print(text)
            if !clean { throw ExitCode(1) }
        }
    }
}

/// `--dir DIR` and `--config FILE`: which folder the runbook commands read.
struct RunbookFolderOptions: ParsableArguments {
    @Option(name: .long, help: "Runbooks folder (default: the config's runbooks:, else ./runbooks).")
    var dir: String?

    @Option(name: .long, help: "Config file (default: ./vigil.yaml, then $XDG_CONFIG_HOME/vigil/vigil.yaml, if present).")
    var config: String?

    /// The folder's runbooks; a folder that cannot be read at all (missing, a file) is an error, exit 1.
    func load() throws -> RunbookLibrary {
        let library = RunbookFolder.load(try path())
        if library.fileCount == 0, let problem = library.problems.first {
            printError(RunbookText.line(problem.description))
            throw ExitCode(1)
        }
        return library
    }

    /// --dir wins without reading any config, so a broken vigil.yaml does not block reading runbooks.
    func path() throws -> String {
        if let dir { return expandTilde(dir) }
        let configuration = try StoreOptions.parse(config.map { ["--config", $0] } ?? []).loadConfiguration()
        return RunbookFolder.path(explicit: nil, configured: configuration?.runbooks)
    }
}
