import Foundation
import Testing
import VigilTestSupport

/// Two people on one store: one works an incident from the console, the other watches read-only and sees each
/// action within 2 seconds; the read-only console refuses to act.
@Suite(.serialized) struct IncidentConsoleTests {
    @Test func actionsInOneConsoleShowInAnotherAndReadOnlyRefuses() throws {
        let dir = try makeTempDirectory("inc-console")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("vigil.db").path
        let folder = dir.appendingPathComponent("runbooks")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(RunbookWalkTests.runbook.utf8).write(to: folder.appendingPathComponent("walk-test.md"))
        let opened = try runProcess(VigilBinary.path, ["incident", "open", "--title", "raw.customers stale", "--severity", "sev2",
                                                       "--runbook", "walk-test", "--runbooks-dir", folder.path,
                                                       "--store", store, "--user", "pager"])
        #expect(opened.stdout == "INC-1\n")

        let lead = try TmuxSession(width: 120, height: 40, directory: dir)
        let watcher = try TmuxSession(width: 120, height: 40, directory: dir)
        try lead.type(vigilCommandLine("console --store \(store) --pane incidents --user ana", home: dir))
        try watcher.type(vigilCommandLine("console --store \(store) --pane incidents --read-only", home: dir))
        try lead.waitFor(text: "raw.customers stale")
        try watcher.waitFor(text: "raw.customers stale")

        try lead.press("a")
        try lead.waitFor(text: "INC-1 acknowledged")
        // The watcher polls the store's change token every 250 ms: 2 s is plenty, even on a loaded machine.
        try watcher.waitFor("the acknowledgement", timeout: 10) { $0.contains("ACKED") && $0.contains("ana") }

        try lead.press("n")
        try lead.waitFor(text: "note for INC-1")
        try lead.tmux(["send-keys", "-t", lead.session, "-l", "Relancé la tâche ✓ 日本語"])
        try lead.press("Enter")
        try lead.waitFor(text: "note added to INC-1")
        try watcher.waitFor("the note", timeout: 10) { $0.contains("Relancé la tâche ✓ 日本語") }

        try watcher.press("a")
        try watcher.waitFor(text: "read-only console")

        // Runbook progress is shared the same way; the watcher cannot check steps.
        try lead.press("4")
        try watcher.press("4")
        try watcher.waitFor(text: "Runbook Walk test  0/5 steps")
        try lead.press("Space")
        try lead.waitFor(text: "1/5 steps")
        try watcher.waitFor("the checked step", timeout: 10) { $0.contains("1/5 steps") && $0.contains("✓ done") }
        try watcher.press("Space")
        try watcher.waitFor(text: "read-only console: runbook steps are not recorded")
        try lead.press("3")
        try watcher.press("3")

        try lead.press("r")
        try lead.waitFor(text: "resolve INC-1 as:")
        try lead.press("f")
        try watcher.waitFor("the resolution", timeout: 10) { $0.contains("RESOLVED") }

        for session in [lead, watcher] {
            try session.press("q")
            #expect(try session.waitForExit() == 0)
        }
        let show = try runProcess(VigilBinary.path, ["incident", "show", "INC-1", "--store", store])
        let kinds = show.stdout.split(separator: "\n").filter { $0.hasPrefix("  +") }.map { $0.split(separator: "\t")[1...2].joined(separator: " ") }
        #expect(kinds == ["pager detected", "ana acknowledged", "ana note", "ana step_done", "ana resolved"])
    }
}
