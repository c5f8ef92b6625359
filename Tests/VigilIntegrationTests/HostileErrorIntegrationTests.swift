import Foundation
import Testing
import VigilTestSupport

/// The "done when": a real Airflow task fails with a message holding ESC[2J, OSC 52, OSC 8, OSC 0, C1
/// controls, bidi overrides, zero-width characters, wide CJK text and combining marks (DAG vigil_hostile), and
/// the tmux screen stays intact while the console shows that error. An extension of the serialized Airflow suite:
/// it must not run while that suite stops the API server.
extension AirflowIntegrationTests {
    /// Escapes, C1 controls, bidi controls and BEL: none may reach a terminal.
    static func hostileScalars(in text: String) -> [String] {
        text.unicodeScalars.filter { s in
            s.value == 0x1B || s.value == 0x07 || (0x80...0x9F).contains(s.value) || s.value == 0x061C
                || (0x200E...0x200F).contains(s.value) || (0x202A...0x202E).contains(s.value)
                || (0x2066...0x2069).contains(s.value)
        }.map { "U+" + String($0.value, radix: 16, uppercase: true) }
    }

    @Test func aHostileTaskErrorIsShownCleanedAndTheScreenStaysIntact() async throws {
        let passwordFile = try #require(AirflowEnvironment.passwordFile)
        let bin = try #require(IntegrationEnvironment.variables["VIGIL_BIN"], "set VIGIL_BIN to the built vigil (scripts/test does)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Not vigil.yaml: the console below must only read the store, not find this config and collect itself.
        let config = dir.appendingPathComponent("hostile.yaml")
        try Data("""
            store: \(dir.path)/vigil.db
            sources:
              - name: prod-airflow
                kind: airflow
                url: \(api.base.absoluteString)
                username: \(api.username)
                password_file: \(passwordFile)
            """.utf8).write(to: config)
        let collect = try ChildProcess.run(bin, ["collect", "--once", "--config", config.path], timeout: 120)
        #expect(collect.status == 0, "collect --once failed: \(collect.stderr)")

        // vigil status, text and JSON: the failing DAG is reported, and nothing hostile is printed.
        for format in ["text", "json"] {
            let status = try ChildProcess.run(bin, ["status", "--format", format, "--config", config.path])
            #expect(status.stdout.contains("vigil_hostile"), "\(format): \(status.stdout)")
            #expect(Self.hostileScalars(in: status.stdout + status.stderr).isEmpty, "\(format): \(status.stdout)")
        }

        let tmux = try TmuxSession(width: 220, height: 40, directory: dir)
        // Let tmux act on OSC 52 as a terminal would: a write would land in its paste buffers.
        try tmux.tmux(["set-option", "-s", "set-clipboard", "on"])
        try tmux.tmux(["select-pane", "-t", tmux.session, "-T", "vigil-test-title"])
        let title = try tmux.display("#{pane_title}")
        #expect(title == "vigil-test-title")
        #expect(try tmux.tmux(["list-buffers", "-F", "#{buffer_name}"]).isEmpty)

        try tmux.type("clear; TERM=xterm-256color SWIFT_BACKTRACE=interactive=no XDG_STATE_HOME=\(dir.path) "
                      + "XDG_CONFIG_HOME=\(dir.path) \(bin) console --store \(dir.path)/vigil.db; echo EXIT=$?")
        try tmux.waitFor("the Health pane", timeout: 60) { $0.contains("Pipeline health") && $0.contains("vigil_hostile") }
        try tmux.press("/")
        try tmux.tmux(["send-keys", "-t", tmux.session, "-l", "vigil_hostile"])
        try tmux.waitFor(text: "filter “vigil_hostile”")
        try tmux.press("Enter", "Enter")
        try tmux.waitFor(text: "Runs of")
        try tmux.press("Enter")
        let screen = try tmux.waitFor("the task's error", timeout: 30) { $0.contains("Task instances") && $0.contains("error of explode") }
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

        // The message's visible text is there, cleaned: words, the CJK text, text that zero-width characters split.
        let box = try #require(rows.firstIndex { $0.contains("error of explode") })
        let message = rows[(box + 1)...].joined(separator: "\n")
        for words in ["ValueError: vigil hostile failure begins", "right to left override", "isolate", "hyperlink text",
                      "c1 csi", "zerowidthjoin", "数据管道失败", "vigil hostile failure ends"] {
            #expect(message.contains(words), "'\(words)' not in the error box:\n\(screen)")
        }
        // What the sequences carried is not shown as text either.
        for hidden in ["dmlnaWwt", "evil.example", "vigil-pwned-title", "c1-title"] {
            #expect(!screen.contains(hidden), "'\(hidden)' on screen:\n\(screen)")
        }
        // The frame is whole: header, tabs and footer on their rows (ESC[2J would have blanked what was drawn before
        // the error box, and the console redraws only cells that change).
        #expect(rows[0].contains("VIGIL"), "header: \(rows[0])")
        #expect(rows[1].contains("1 Health") && rows[1].contains("5 Sources"), "tabs: \(rows[1])")
        let footer = try #require(rows.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        #expect(rows.lastIndex(of: footer) == 39 && footer.contains("q quit"), "footer: \(footer)")
        #expect(Self.hostileScalars(in: screen).isEmpty)

        // Nothing reached tmux beyond colours: no clipboard write, no title, and only SGR in the pane's cells.
        #expect(try tmux.tmux(["list-buffers", "-F", "#{buffer_name}"]).isEmpty, "OSC 52 reached tmux")
        #expect(try tmux.display("#{pane_title}") == title)
        let cells = try tmux.tmux(["capture-pane", "-e", "-p", "-t", tmux.session])
        let sequences = cells.ranges(of: /\x1B[^\x1B]{0,40}/).map { String(cells[$0]) }
        let notSGR = sequences.filter { $0.wholeMatch(of: /\x1B\[[0-9;:]*m[^\x1B]*/) == nil }
        #expect(!sequences.isEmpty, "capture-pane -e shows colours")
        #expect(notSGR.isEmpty, "\(notSGR.map { $0.debugDescription })")
        #expect(Self.hostileScalars(in: cells.replacing(/\x1B\[[0-9;:]*m/, with: "")).isEmpty)

        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
    }
}
