import Foundation
import Testing
import VigilCore
@testable import VigilConfig

/// Loading a runbooks folder: every *.md in name order, broken files reported with file and line, never fatal.
struct RunbookFolderTests {
    @Test func brokenFilesAreReportedAndDoNotStopTheOthers() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func file(_ name: String) -> String { (dir as NSString).appendingPathComponent(name) }
        try writeFile(file("b-good.md"), "---\ntitle: Good\napplies_to:\n  - tier: 2\n---\n- [ ] Do it\n")
        try writeFile(file("a-bad-yaml.md"), "---\ntitle: Bad\napplies_to:\n  - tier: 1\n   - tag: x\n---\n- [ ] Step\n")
        try writeFile(file("c-no-steps.md"), "---\ntitle: Nothing to do\n---\n\n# Nothing to do\n\nProse only.\n")
        try writeFile(file("d-typos.md"), "---\ntitle: Typos\nsevrity: sev9\napplies_to:\n  - teir: 1\n---\n1. [ ] not a checklist\n## 1. Step\n")
        try writeFile(file("e-good.md"), "# Also good\n## 1. Only step\n")
        try writeFile(file("README.md"), "This folder holds runbooks.\n")
        try writeFile(file("notes.txt"), "not markdown\n")
        try Data([0xFF, 0xFE, 0x00]).write(to: URL(fileURLWithPath: file("f-binary.md")))

        let library = RunbookFolder.load(dir)
        #expect(library.runbooks.map(\.id) == ["b-good", "e-good"])
        #expect(library.runbooks.first?.sourcePath == file("b-good.md"))
        #expect(library.fileCount == 6)
        let reported = library.problems.map { problem in
            "\((problem.file as NSString).lastPathComponent):\(problem.line.map(String.init) ?? "-"): \(problem.message)"
        }
        #expect(reported == [
            "a-bad-yaml.md:5: invalid YAML: did not find expected '-' indicator",
            "c-no-steps.md:5: the runbook has no steps",
            "d-typos.md:3: unknown key 'sevrity'",
            "d-typos.md:5: unknown selector 'teir'",
            "f-binary.md:-: is not UTF-8 text",
        ])
        #expect(library.brokenFiles.map { ($0 as NSString).lastPathComponent } == ["a-bad-yaml.md", "c-no-steps.md", "d-typos.md", "f-binary.md"])
    }

    @Test func aMissingFolderIsOneProblemNotACrash() {
        let library = RunbookFolder.load("/nonexistent/vigil-runbooks")
        #expect(library.runbooks.isEmpty)
        #expect(library.problems.map(\.message) == ["no such folder"])
    }

    @Test func aMistypedIDGetsASuggestion() {
        let ids = ["failing-dag-task", "stale-tier1-table"]
        #expect(RunbookFolder.suggest("stale-teir1-table", among: ids) == "stale-tier1-table")
        #expect(RunbookFolder.suggest("stale", among: ids) == "stale-tier1-table")
        #expect(RunbookFolder.suggest("restart", among: ids) == nil)
    }

    @Test func folderPrecedenceIsFlagThenConfigThenDefault() {
        #expect(RunbookFolder.path(explicit: "/x", configured: "/y") == "/x")
        #expect(RunbookFolder.path(explicit: nil, configured: "/y") == "/y")
        #expect(RunbookFolder.path(explicit: nil, configured: nil) == "runbooks")
    }
}
