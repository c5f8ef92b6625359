import Foundation
import Testing
import VigilTestSupport

/// A git repository listed under `changes:`, as a user sets it up: `vigil check` names it, `vigil collect --once`
/// records its commit, `vigil change list` prints it, and the console's Changes pane shows it with what it touched.
@Suite(.serialized) struct GitChangesEndToEndTests {
    @Test func aCommitOfAConfiguredRepositoryAppearsInTheChangesPane() throws {
        let home = try makeTempDirectory("git-changes")
        defer { try? FileManager.default.removeItem(at: home) }
        let repo = home.appendingPathComponent("dags").path
        func git(_ args: [String]) throws -> ProcessResult {
            try runProcess("/usr/bin/env", ["git", "-C", repo, "-c", "user.name=Ada Lovelace", "-c", "user.email=ada@example.com"] + args)
        }
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        #expect(try git(["init", "-q", "-b", "main"]).status == 0)
        #expect(try git(["commit", "-q", "--allow-empty", "-m", "Orders: read the new currency column"]).status == 0)
        let head = try git(["rev-parse", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(head.count == 40)
        let config = home.appendingPathComponent("vigil.yaml")
        try """
            store: \(home.path)/vigil.db
            changes:
              - repo: \(repo)
                branch: main
                touches: [raw.orders]
            """.write(to: config, atomically: true, encoding: .utf8)

        let check = try runProcess(VigilBinary.path, ["check", "--config", config.path])
        #expect(check.status == 0 && check.stdout.contains("1 git repository for changes: dags (main)"), "\(check.stdout)\(check.stderr)")
        let collect = try runProcess(VigilBinary.path, ["collect", "--once", "--config", config.path])
        #expect(collect.status == 0 && collect.stdout.contains("dags: 1 new commit on main"), "\(collect.stdout)\(collect.stderr)")
        let list = try runProcess(VigilBinary.path, ["change", "list", "--config", config.path])
        let row = list.stdout.split(separator: "\t").map(String.init)
        #expect(row.count == 7 && row[1] == "commit" && row[2] == "dags" && row[3] == "dags \(head.prefix(8)): Orders: read the new currency column"
                && row[4] == "dataset:raw.orders" && row[5] == head && row[6] == "Ada Lovelace\n", "\(list.stdout)")

        let tmux = try TmuxSession(width: 160, height: 30, directory: home)
        try tmux.type(vigilCommandLine("console --config \(config.path) --pane changes", home: home))
        let screen = try tmux.waitFor("the commit in the Changes pane") {
            $0.contains("Changes  1") && $0.contains("commit") && $0.contains("dags \(head.prefix(8)): Orders: read the new") && $0.contains("raw.orders")
        }
        #expect(screen.contains("by Ada Lovelace"), "the selected change's detail names its author: \(screen)")
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
    }
}
