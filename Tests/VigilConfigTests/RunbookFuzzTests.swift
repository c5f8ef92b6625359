import Foundation
import Testing
import VigilConfig
import VigilTestSupport

/// Mutated copies of the shipped runbooks (Markdown with YAML front matter): each one reads as a runbook, or
/// yields problems that all name the file, with a line inside it. Never both, never neither, never a crash or hang.
@Suite(.timeLimit(.minutes(2))) struct RunbookFuzzTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("runbooks")

    @Test func mutatedRunbooksReadOrNameTheFileAndLine() throws {
        let seeds = try FuzzSettings.seeds(in: Self.folder) { $0.hasSuffix(".md") && $0 != "README.md" }
        #expect(seeds.count >= 2)
        var mutator = Mutator(seed: FuzzSettings.seed, format: .markdown)
        let cases = mutator.cases(from: seeds, count: FuzzSettings.count(600))
        var refused = 0
        for fuzzCase in cases {
            FuzzWatchdog.guarding(fuzzCase.label) {
                let file = "runbooks/" + fuzzCase.seedName
                let text = fuzzCase.text
                let parsed = RunbookDocument.parse(text, id: String(fuzzCase.seedName.dropLast(3)), file: file)
                if let runbook = parsed.runbook {
                    #expect(parsed.problems.isEmpty && !runbook.steps.isEmpty && !runbook.title.isEmpty, "\(fuzzCase.label)")
                } else {
                    refused += 1
                    expectUsable(parsed.problems, file: file, lines: yamlLineCount(text),
                                 fuzzCase)
                }
            }
        }
        #expect(refused > cases.count / 10)
    }

    /// Through the file, as `vigil runbook check` reads it: raw bytes, so invalid UTF-8 reaches the reader.
    @Test func mutatedRunbookFilesReadOrNameTheFile() throws {
        let seeds = try FuzzSettings.seeds(in: Self.folder) { $0.hasSuffix(".md") && $0 != "README.md" }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var mutator = Mutator(seed: FuzzSettings.seed &+ 1, format: .markdown)
        for fuzzCase in mutator.cases(from: seeds, count: FuzzSettings.count(100)) {
            try FuzzWatchdog.guarding(fuzzCase.label) {
                let path = dir + "/" + fuzzCase.seedName
                try fuzzCase.data.write(to: URL(fileURLWithPath: path))
                let parsed = RunbookFolder.read(path, id: "x")
                if parsed.runbook == nil {
                    expectUsable(parsed.problems, file: path, lines: yamlLineCount(fuzzCase.text),
                                 fuzzCase)
                }
            }
        }
    }
}
