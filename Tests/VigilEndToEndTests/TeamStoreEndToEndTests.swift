import Foundation
import Testing
import VigilTestSupport

/// A team on one PostgreSQL store, as README's "Team store" sets it up: the connection string in a 0600 file named by
/// `store_dsn_file`, the schema made with `vigil store migrate`, collectors writing, consoles and commands reading.
/// Two collectors share the store: one collects each source, and when it is killed the other takes over.
/// Needs VIGIL_TEST_STORE_DSN (scripts/test sets it in CI: a database of the integration PostgreSQL); each test works
/// in a schema of its own.
@Suite(.serialized, .enabled(if: TeamStore.adminDSN != nil, "needs VIGIL_TEST_STORE_DSN (a PostgreSQL database)"))
struct TeamStoreEndToEndTests {
    @Test func aTeamSharesOnePostgreSQLStoreFromAFileHeldSecret() throws {
        let team = try TeamStore("team")
        defer { team.remove() }
        let head = try team.commit("Orders: read the new currency column")

        let check = try team.vigil(["check"])
        #expect(check.status == 0 && check.stdout.contains("store: PostgreSQL, connection string from file \(team.dsnFile)"),
                "\(check.stdout)\(check.stderr)")
        let migrate = try team.vigil(["store", "migrate"])
        #expect(migrate.status == 0 && migrate.stdout.contains("(PostgreSQL): schema up to date"), "\(migrate.stdout)\(migrate.stderr)")
        #expect(!migrate.stdout.contains(team.password), "the password never shows")
        let collect = try team.vigil(["collect", "--once"])
        #expect(collect.status == 0 && collect.stdout.contains("dags: 1 new commit on main"), "\(collect.stdout)\(collect.stderr)")
        #expect(!(collect.stdout + collect.stderr).contains(team.password))
        let list = try team.vigil(["change", "list"])
        #expect(list.stdout.contains("dags \(head.prefix(8)): Orders: read the new currency column"), "\(list.stdout)\(list.stderr)")

        // Another console, anywhere: it reads the same rows.
        let tmux = try TmuxSession(width: 160, height: 30, directory: team.home)
        try tmux.type(vigilCommandLine("console --config \(team.config) --pane changes", home: team.home))
        let screen = try tmux.waitFor("the commit in the Changes pane, read from PostgreSQL") {
            $0.contains("Changes  1") && $0.contains("dags \(head.prefix(8)): Orders: read the new")
        }
        #expect(!screen.contains(team.password))
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
    }

    /// README's roles and GRANTs, run as written (schema and role names made the test's own): the owner migrates, the
    /// writer collects and acts on incidents, the reader reads and is refused every write.
    @Test func theRolesAndGrantsInTheReadmeAreEnough() throws {
        let team = try TeamStore("roles")
        defer { team.remove() }
        _ = try team.commit("a commit for the writer to collect")
        let suffix = team.schema.replacingOccurrences(of: "e2e_roles_", with: "")
        let owner = "vigil_owner_\(suffix)", writer = "vigil_writer_\(suffix)", reader = "vigil_reader_\(suffix)"
        defer { for role in [writer, reader, owner] { _ = try? team.psql("DROP OWNED BY \(role) CASCADE; DROP ROLE IF EXISTS \(role)") } }
        #expect(try team.psql("CREATE ROLE \(owner) LOGIN; CREATE ROLE \(writer) LOGIN; CREATE ROLE \(reader) LOGIN; "
                              + "ALTER SCHEMA \(team.schema) OWNER TO \(owner)").status == 0)
        #expect(try team.vigil(["store", "migrate", "--store", team.dsn(user: owner)]).status == 0)

        let readme = try String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md").path, encoding: .utf8)
        let start = try #require(readme.range(of: "-- in database vigil, as vigil_owner, after `vigil store migrate`\n"))
        let grants = String(readme[start.upperBound...].prefix { $0 != "`" })
            .replacingOccurrences(of: "SCHEMA public", with: "SCHEMA \(team.schema)")
            .replacingOccurrences(of: "vigil_writer", with: writer).replacingOccurrences(of: "vigil_reader", with: reader)
        #expect(grants.contains("GRANT SELECT ON ALL TABLES IN SCHEMA \(team.schema) TO \(reader)"), "\(grants)")
        let granted = try team.psql(grants, user: owner)
        #expect(granted.status == 0, "\(granted.stderr)")

        let collect = try team.vigil(["collect", "--once", "--store", team.dsn(user: writer)])
        #expect(collect.status == 0 && collect.stdout.contains("dags: 1 new commit on main"), "\(collect.stdout)\(collect.stderr)")
        let opened = try team.vigil(["incident", "open", "--title", "orders late", "--severity", "sev2", "--store", team.dsn(user: writer)])
        #expect(opened.status == 0, "\(opened.stdout)\(opened.stderr)")
        let noted = try team.vigil(["incident", "note", "INC-1", "looking", "--store", team.dsn(user: writer)])
        #expect(noted.status == 0, "\(noted.stdout)\(noted.stderr)")

        let status = try team.vigil(["status", "--store", team.dsn(user: reader)])
        #expect(status.stdout.contains("1 open incidents"), "\(status.stdout)\(status.stderr)")
        let refused = try team.vigil(["incident", "note", "INC-1", "from the wall screen", "--store", team.dsn(user: reader)])
        #expect(refused.status != 0 && refused.stderr.contains("permission denied"), "\(refused.stdout)\(refused.stderr)")
        let shown = try team.vigil(["incident", "show", "INC-1", "--store", team.dsn(user: reader)])
        #expect(shown.stdout.contains("looking") && !shown.stdout.contains("from the wall screen"), "\(shown.stdout)\(shown.stderr)")
    }

    @Test func aSecondCollectorTakesTheSourceOverWhenTheFirstIsKilled() throws {
        let team = try TeamStore("takeover", interval: "2s")
        defer { team.remove() }
        _ = try team.commit("first")
        #expect(try team.vigil(["store", "migrate"]).status == 0)

        // Two consoles watching, as two on-call laptops would (consoles never collect into a team store).
        let consoles = try (0..<2).map { _ in try TmuxSession(width: 160, height: 30, directory: team.home) }
        for console in consoles {
            try console.type(vigilCommandLine("console --config \(team.config) --pane changes", home: team.home))
            _ = try console.waitFor("a console on the team store") { $0.contains("Changes  0") || $0.contains("Changes  1") }
        }
        let first = try team.startCollector("first")
        defer { first.stop() }
        let firstHolder = try team.waitForHolder("the first collector to take the source") { $0.contains(":\(first.pid):") }
        let second = try team.startCollector("second")
        defer { second.stop() }
        // The second stands by while the first renews its lease.
        try team.waitForLog(second, "stands by") { $0.contains("dags: collected by \(firstHolder); this process stands by") }
        Thread.sleep(forTimeInterval: 3)
        #expect(try team.holder() == firstHolder, "the first keeps the source while it runs")

        // The first dies without giving the lease up; a commit made now is collected by the second within two intervals.
        first.kill()
        let killedAt = Date()
        let head = try team.commit("second")
        _ = try team.waitForHolder("the second collector to take over") { $0.contains(":\(second.pid):") }
        #expect(Date().timeIntervalSince(killedAt) < 2 * 2 + 2, "taken over within two intervals (and a poll)")
        try team.waitForLog(second, "taken over") { $0.contains("dags: taken over") && $0.contains("new commit") }
        let list = try team.vigil(["change", "list"])
        #expect(list.stdout.contains("dags \(head.prefix(8)): second"), "\(list.stdout)\(list.stderr)")
        for console in consoles {
            _ = try console.waitFor("the commit collected after the takeover, on both consoles") {
                $0.contains("Changes  2") && $0.contains("dags \(head.prefix(8)): second")
            }
            try console.press("q")
            #expect(try console.waitForExit() == 0)
        }

        // Stopped cleanly, the second gives the source up at once.
        second.stop()
        let info = try team.vigil(["store", "info"])
        #expect(info.stdout.contains("sources: none collected yet"), "\(info.stdout)\(info.stderr)")
    }

    /// A pass longer than its lease (the warehouse query waits behind another session's lock for 8 s, the lease is
    /// 3 s) keeps the source: the lease is renewed during the pass, and the other collector stands by throughout.
    @Test func aPassLongerThanItsLeaseKeepsTheSource() throws {
        let team = try TeamStore("longpass")
        defer { team.remove() }
        let warehouse = team.schema + "_wh"
        #expect(try team.psql("CREATE SCHEMA \(warehouse); CREATE TABLE \(warehouse).loads (updated_at timestamptz); "
                              + "INSERT INTO \(warehouse).loads VALUES (now())").status == 0)
        defer { _ = try? team.psql("DROP SCHEMA \(warehouse) CASCADE") }
        try """
            store_dsn_file: \(team.dsnFile)
            sources:
              - {name: warehouse, kind: postgres, dsn_env: VIGIL_TEST_WAREHOUSE_DSN, interval: 2s, timeout: 20s}
            datasets:
              - {name: \(warehouse).loads, tier: 1, freshness: {warn_after: 1h, error_after: 2h}, loaded_at: updated_at}
            """.write(toFile: team.config, atomically: true, encoding: .utf8)
        #expect(try team.vigil(["store", "migrate"]).status == 0)

        // Another session holds the table for 8 s; the first collector's first pass waits behind it.
        let locker = try ChildProcess.spawn("/usr/bin/env", ["psql", "-X", "-q", TeamStore.adminDSN!, "-c",
            "BEGIN; LOCK TABLE \(warehouse).loads IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(8); COMMIT;"],
            environment: ProcessInfo.processInfo.environment)
        defer { Foundation.kill(locker, SIGTERM); var status: Int32 = 0; waitpid(locker, &status, 0) }
        let lockedAt = Date()
        try team.waitUntilTrue("the lock to be held") {
            try team.psql("SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'loads' "
                          + "AND l.mode = 'AccessExclusiveLock' AND l.granted").stdout.contains("1")
        }
        let first = try team.startCollector("first", environment: ["VIGIL_TEST_WAREHOUSE_DSN": TeamStore.adminDSN!])
        defer { first.stop() }
        let firstHolder = try team.waitForHolder("the first collector to take the source", source: "warehouse") { $0.contains(":\(first.pid):") }
        let second = try team.startCollector("second", environment: ["VIGIL_TEST_WAREHOUSE_DSN": TeamStore.adminDSN!])
        defer { second.stop() }
        try team.waitForLog(second, "stands by") { $0.contains("warehouse: collected by \(firstHolder); this process stands by") }
        // Past two leases into the lock, the first is still in its pass and still holds the source.
        Thread.sleep(until: lockedAt.addingTimeInterval(6.5))
        #expect(!first.output.contains("warehouse: "), "the first pass is still waiting: \(first.output)")
        #expect(try team.holder(source: "warehouse") == firstHolder, "the first keeps the source through its long pass")
        #expect(!second.output.contains("taken over"), "\(second.output)")
        // The lock goes; the pass ends and the first goes on collecting.
        try team.waitForLog(first, "its pass to end", timeout: 20) { $0.contains("warehouse: ") }
        #expect(try team.holder(source: "warehouse") == firstHolder)
        #expect(!second.output.contains("taken over"), "\(second.output)")
    }
}

/// One test's team store: a schema of its own on the test database, a git repository under `changes:`, and a config
/// naming the store through `store_dsn_file` (whose connection string carries a password PostgreSQL ignores here,
/// trust authentication, so the tests can check it never shows).
struct TeamStore {
    static var adminDSN: String? {
        ProcessInfo.processInfo.environment["VIGIL_TEST_STORE_DSN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    let home: URL
    let repo: String
    let schema: String
    let config: String
    let dsnFile: String
    let password = "s3cret-\(UUID().uuidString.prefix(6))"

    init(_ name: String, interval: String = "5m") throws {
        let admin = try #require(Self.adminDSN)
        home = try makeTempDirectory(name)
        repo = home.appendingPathComponent("dags").path
        schema = "e2e_\(name)_\(UUID().uuidString.prefix(8).lowercased())"
        let made = try runProcess("/usr/bin/env", ["psql", "-X", "-q", admin, "-c", "CREATE SCHEMA \(schema)"])
        #expect(made.status == 0, "\(made.stderr)")
        // user:password@ in the URL: the password is what must never show.
        let url = try #require(URLComponents(string: admin))
        var dsn = url
        dsn.password = password
        dsn.percentEncodedQuery = (url.percentEncodedQuery.map { $0 + "&" } ?? "") + "options=-csearch_path%3D\(schema)"
        dsnFile = home.appendingPathComponent("store-dsn").path
        try Data((try #require(dsn.string) + "\n").utf8).write(to: URL(fileURLWithPath: dsnFile))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: dsnFile)
        config = home.appendingPathComponent("vigil.yaml").path
        try """
            store_dsn_file: \(dsnFile)
            changes:
              - repo: \(repo)
                branch: main
                interval: \(interval)
            """.write(toFile: config, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        #expect(try git(["init", "-q", "-b", "main"]).status == 0)
    }

    /// The store's connection string as `user` (no password: the test cluster trusts local connections).
    func dsn(user: String) -> String {
        var url = URLComponents(string: Self.adminDSN!)!
        url.user = user
        url.percentEncodedQuery = (url.percentEncodedQuery.map { $0 + "&" } ?? "") + "options=-csearch_path%3D\(schema)"
        return url.string!
    }

    /// Runs SQL with psql, as the admin or as `user`, in this test's schema.
    func psql(_ sql: String, user: String? = nil) throws -> ProcessResult {
        let target = user.map(dsn(user:)) ?? Self.adminDSN!
        return try runProcess("/usr/bin/env", ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", target, "-c", sql])
    }

    func remove() {
        if let admin = Self.adminDSN { _ = try? runProcess("/usr/bin/env", ["psql", "-X", "-q", admin, "-c", "DROP SCHEMA \(schema) CASCADE"]) }
        try? FileManager.default.removeItem(at: home)
    }

    func git(_ args: [String]) throws -> ProcessResult {
        try runProcess("/usr/bin/env", ["git", "-C", repo, "-c", "user.name=Ada Lovelace", "-c", "user.email=ada@example.com"] + args)
    }

    /// Commits `message` and returns the new HEAD.
    func commit(_ message: String) throws -> String {
        #expect(try git(["commit", "-q", "--allow-empty", "-m", message]).status == 0)
        return try git(["rev-parse", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["XDG_STATE_HOME"] = home.path
        return env
    }

    func vigil(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(VigilBinary.path, arguments + ["--config", config], environment: environment)
    }

    /// A `vigil collect` running in the background, its output in a file.
    final class Collector {
        let pid: pid_t
        let log: String
        private var running = true

        init(pid: pid_t, log: String) {
            self.pid = pid
            self.log = log
        }

        var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

        func kill() {
            guard running else { return }
            Foundation.kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            running = false
        }

        /// SIGINT, as Ctrl-C: the collector gives its leases up and exits.
        func stop() {
            guard running else { return }
            Foundation.kill(pid, SIGINT)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            running = false
        }
    }

    func startCollector(_ name: String, environment extra: [String: String] = [:]) throws -> Collector {
        let log = home.appendingPathComponent("\(name).log").path
        let pid = try ChildProcess.spawn(VigilBinary.path, ["collect", "--config", config],
                                         environment: environment.merging(extra) { _, new in new },
                                         stdout: log, stderr: log + ".err")
        return Collector(pid: pid, log: log)
    }

    /// The source's lease holder as `vigil store info` prints it, or nil.
    func holder(source: String = "dags") throws -> String? {
        let info = try vigil(["store", "info"]).stdout
        let prefix = "source \(source): collected by "
        guard let line = info.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return nil }
        return line.dropFirst(prefix.count).split(separator: " ").first.map(String.init)
    }

    func waitForHolder(_ what: String, source: String = "dags", timeout: TimeInterval = 20, _ matches: (String) -> Bool) throws -> String {
        var found: String?
        try waitUntil(what, timeout: timeout, else: { "store info: \(try vigil(["store", "info"]).stdout)" }) {
            found = try holder(source: source).flatMap { matches($0) ? $0 : nil }
            return found != nil
        }
        return found!
    }

    func waitUntilTrue(_ what: String, timeout: TimeInterval = 20, _ done: () throws -> Bool) throws {
        try waitUntil(what, timeout: timeout, else: { "" }, done)
    }

    func waitForLog(_ collector: Collector, _ what: String, timeout: TimeInterval = 20, _ matches: (String) -> Bool) throws {
        try waitUntil("\(what) in the collector's output", timeout: timeout, else: { collector.output }) { matches(collector.output) }
    }

    /// Checks `done` every quarter second until it holds; past `timeout`, records what `seen` says and throws.
    private func waitUntil(_ what: String, timeout: TimeInterval, else seen: () throws -> String, _ done: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try done() { return }
            Thread.sleep(forTimeInterval: 0.25)
        }
        Issue.record("timed out waiting for \(what): \(try seen())")
        throw CancellationError()
    }
}
