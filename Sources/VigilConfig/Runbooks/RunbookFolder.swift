import Foundation
import VigilCore

/// The runbooks of one folder: those that read cleanly, and every problem of those that did not.
public struct RunbookLibrary: Sendable, Equatable {
    public var directory: String
    public var runbooks: [Runbook]
    public var problems: [ConfigProblem]
    /// How many files were read, clean or not.
    public var fileCount: Int

    public init(directory: String, runbooks: [Runbook] = [], problems: [ConfigProblem] = [], fileCount: Int = 0) {
        self.directory = directory
        self.runbooks = runbooks
        self.problems = problems
        self.fileCount = fileCount
    }

    /// Files with at least one problem.
    public var brokenFiles: [String] {
        var seen: [String] = []
        for problem in problems where !seen.contains(problem.file) { seen.append(problem.file) }
        return seen
    }
}

/// Reads every `*.md` file of a runbooks folder, in name order. A broken file is reported and skipped; it never
/// stops the others. `README.md` is skipped too, so the folder can explain itself.
public enum RunbookFolder {
    /// Used when neither `--dir` nor the config's `runbooks:` says otherwise; relative to the working directory.
    public static let defaultPath = "runbooks"

    /// `--dir`, else the config's `runbooks:` (already resolved against the config file), else `runbooks`.
    public static func path(explicit: String?, configured: String?) -> String {
        explicit ?? configured ?? defaultPath
    }

    public static func load(_ directory: String) -> RunbookLibrary {
        var library = RunbookLibrary(directory: directory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            library.problems = [ConfigProblem(file: directory, message: "no such folder",
                                              hint: "create it, pass --dir, or set runbooks: in vigil.yaml")]
            return library
        }
        guard isDirectory.boolValue else {
            library.problems = [ConfigProblem(file: directory, message: "is a file, not a folder of runbooks")]
            return library
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            library.problems = [ConfigProblem(file: directory, message: "cannot be listed", hint: "check its permissions")]
            return library
        }
        let files = names.filter { $0.hasSuffix(".md") && $0.lowercased() != "readme.md" && !$0.hasPrefix(".") }.sorted()
        for name in files {
            let path = (directory as NSString).appendingPathComponent(name)
            library.fileCount += 1
            let parsed = read(path, id: String(name.dropLast(3)))
            if let runbook = parsed.runbook { library.runbooks.append(runbook) }
            library.problems += parsed.problems
        }
        return library
    }

    /// The id a mistyped one was probably meant to be ("stale-teir1-table" → "stale-tier1-table").
    public static func suggest(_ id: String, among ids: [String]) -> String? {
        DidYouMean.suggest(id, among: ids) ?? ids.first { $0.localizedCaseInsensitiveContains(id) }
    }

    /// One file; unreadable and non-UTF-8 files are problems like any other.
    public static func read(_ path: String, id: String) -> RunbookParse {
        guard let data = FileManager.default.contents(atPath: path) else {
            return RunbookParse(runbook: nil, problems: [ConfigProblem(file: path, message: "cannot be read",
                                                                       hint: "check its permissions")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return RunbookParse(runbook: nil, problems: [ConfigProblem(file: path, message: "is not UTF-8 text")])
        }
        return RunbookDocument.parse(text, id: id, file: path)
    }
}
