import Foundation
import Testing
import VigilTestSupport

/// `vigil runbook` against real folders: the shipped examples, a broken folder, and the folder named in a config.
@Suite struct RunbookCommandTests {
    private static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("runbooks").path

    @Test func theShippedExamplesCheckCleanAndShow() throws {
        let check = try runProcess(VigilBinary.path, ["runbook", "check", "--dir", Self.examples])
        #expect(check.status == 0)
        #expect(check.stdout.contains("2 runbooks, 11 steps, no problems"))
        let show = try runProcess(VigilBinary.path, ["runbook", "show", "failing-dag-task", "--dir", Self.examples])
        #expect(show.status == 0)
        #expect(show.stdout.contains("3. Clear the task"))
        #expect(show.stdout.contains("$ airflow tasks clear {pipeline}"))
    }

    @Test func aBrokenFileIsNamedWithItsLineAndExitsOne() throws {
        let dir = try makeTempDirectory("runbooks")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("---\ntitle: T\napplies_to:\n  - tier: 7\n---\n- [ ] Step\n".utf8).write(to: dir.appendingPathComponent("bad.md"))
        let r = try runProcess(VigilBinary.path, ["runbook", "check", "--dir", dir.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("\(dir.path)/bad.md:4: applies_to[1].tier: tier 7 is outside 1-3"))
        let show = try runProcess(VigilBinary.path, ["runbook", "show", "bad", "--dir", dir.path])
        #expect(show.status == 1)
        #expect(show.stderr.contains("bad.md:4: applies_to[1].tier"))
        #expect(show.stdout.isEmpty)
    }

    @Test func theConfigNamesTheFolderAndAnUnknownIDExitsOne() throws {
        let dir = try makeTempDirectory("runbook-config")
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("books")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("# Restart the thing\n## 1. Restart it\n".utf8).write(to: folder.appendingPathComponent("restart.md"))
        let config = dir.appendingPathComponent("vigil.yaml")
        try Data("runbooks: ./books\n".utf8).write(to: config)
        let list = try runProcess(VigilBinary.path, ["runbook", "list", "--config", config.path])
        #expect(list.status == 0)
        #expect(list.stdout.contains("restart  1      -         Restart the thing"))
        let missing = try runProcess(VigilBinary.path, ["runbook", "show", "restrat", "--config", config.path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no runbook 'restrat' in \(folder.path) (did you mean restart?)"))
    }
}
