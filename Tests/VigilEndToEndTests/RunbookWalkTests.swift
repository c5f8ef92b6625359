import Foundation
import Testing
import VigilTestSupport

/// The incident lead's walk through a runbook in the console, then the postmortem that tells it back.
@Suite(.serialized) struct RunbookWalkTests {
    static let runbook = """
        ---
        title: Walk test
        applies_to:
          - tier: 1
        ---
        - [ ] Look at the lag
        - [ ] Check the producer's last run
        - [ ] Call the vendor
        - [ ] Count the rows
          ```sh
          printf 'rows: %s\\n' 42
          ```
        - [ ] Tell the team
        """

    @Test func acknowledgeCheckSkipRunNoteResolveThenPostmortem() throws {
        let dir = try makeTempDirectory("walk")
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("runbooks")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(Self.runbook.utf8).write(to: folder.appendingPathComponent("walk-test.md"))
        let store = dir.appendingPathComponent("vigil.db").path
        let opened = try runProcess(VigilBinary.path, ["incident", "open", "--title", "orders stale", "--severity", "sev2",
                                                       "--runbook", "walk-test", "--runbooks-dir", folder.path, "--store", store])
        #expect(opened.stdout == "INC-1\n", "\(opened.stderr)")

        let tmux = try TmuxSession(width: 120, height: 40, directory: dir)
        try tmux.type(vigilCommandLine("console --store \(store) --pane incidents --user ana", home: dir))
        try tmux.waitFor(text: "orders stale")
        try tmux.press("a")
        try tmux.waitFor(text: "INC-1 acknowledged")

        // The runbook opens on its first step; Space checks it and moves on.
        try tmux.press("4")
        try tmux.waitFor(text: "Runbook Walk test  0/5 steps")
        try tmux.press("Space")
        try tmux.waitFor(text: "1/5 steps")
        try tmux.press("Space")
        try tmux.waitFor(text: "2/5 steps")
        try tmux.press("s")
        try tmux.waitFor(text: "skip step 3 because:")
        try tmux.tmux(["send-keys", "-t", tmux.session, "-l", "vendor is closed today"])
        try tmux.press("Enter")
        try tmux.waitFor(text: "3/5 steps")
        // Step 4 has a command: x asks first, y runs it; its output reaches the timeline.
        try tmux.press("x")
        try tmux.waitFor(text: "run `printf 'rows: %s\\n' 42` now? (y/n)")
        try tmux.press("y")
        try tmux.waitFor("the command's outcome", timeout: 30) { $0.contains("4/5 steps") }
        try tmux.press("3")
        try tmux.waitFor("the run on the timeline") { $0.contains("step 4 ran: Count the rows") }
        try tmux.press("n")
        try tmux.tmux(["send-keys", "-t", tmux.session, "-l", "Relancé ✓ 日本語"])
        try tmux.press("Enter")
        try tmux.waitFor(text: "note added to INC-1")
        try tmux.press("r")
        try tmux.waitFor(text: "resolve INC-1 as:")
        try tmux.press("d")
        try tmux.waitFor(text: "INC-1 resolved as duplicate")
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)

        let postmortem = try runProcess(VigilBinary.path, ["incident", "postmortem", "INC-1", "--store", store]).stdout
        let rows = postmortem.split(separator: "\n").filter { $0.hasPrefix("| 20") }.map(String.init)
        let order = rows.map { row -> String in
            guard let r = row.range(of: #"\*\*[a-z ]+\*\*"#, options: .regularExpression) else { return "?" }
            return String(row[r]).replacingOccurrences(of: "**", with: "")
        }
        #expect(order == ["detected", "acknowledged", "step done", "step done", "step skipped", "step done", "note", "resolved"], "\(postmortem)")
        #expect(rows[4].contains("step 3 skipped: Call the vendor — vendor is closed today"))
        #expect(rows[5].contains("step 4 ran: Count the rows") && rows[5].contains("exit 0") && rows[5].contains("rows: 42"))
        #expect(rows[6].contains("Relancé ✓ 日本語"))
        #expect(rows.allSatisfy { $0.contains("| ana |") || $0.contains("**detected**") })
        #expect(postmortem.contains("- [x] 1. Look at the lag — done by ana"))
        #expect(postmortem.contains("- [-] 3. Call the vendor — skipped by ana"))
        #expect(postmortem.contains("- [x] 4. Count the rows — done by ana"))
        #expect(postmortem.contains("- [ ] 5. Tell the team"))
        #expect(postmortem.contains("**State**: resolved"))
    }
}
