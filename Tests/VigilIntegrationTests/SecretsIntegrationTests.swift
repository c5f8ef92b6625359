import Foundation
import Testing
import VigilTestSupport

/// The issue's "done when": after runs with right and wrong credentials against the real Airflow and PostgreSQL,
/// neither password nor token appears in the store file (WAL and shared memory included), the log, any command's
/// output or error text, the snapshots or the console's screens. An extension of the serialized Airflow suite: it
/// must not run while that suite stops the API server.
extension AirflowIntegrationTests {
    @Test func noPasswordOrTokenLeaksAfterRightAndWrongCredentials() async throws {
        let bin = try #require(IntegrationEnvironment.variables["VIGIL_BIN"], "set VIGIL_BIN to the built vigil (scripts/test does)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-secrets-\(UUID().uuidString)")
        let secretsDir = dir.appendingPathComponent("secrets")
        try FileManager.default.createDirectory(at: secretsDir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        // A PostgreSQL role that must give its password (the test cluster trusts everyone else).
        let pg = try PasswordRole()
        defer { pg.drop() }
        // A JWT for the read-only user, handed to Vigil as a ready-made token, and one with a broken signature.
        let token = try await api.token()
        let badToken = String(token.dropLast(6)) + "AAAAAA"
        let wrongPassword = "wrong-af-\(UUID().uuidString)"
        let secrets = [api.password, wrongPassword, pg.password, pg.wrongPassword, token, badToken]

        func secret(_ name: String, _ value: String) throws -> String {
            let path = secretsDir.appendingPathComponent(name).path
            try Data(value.utf8).write(to: URL(fileURLWithPath: path))
            chmod(path, 0o600)
            return path
        }
        let store = dir.appendingPathComponent("store/vigil.db").path
        func config(_ name: String, airflow: String, dsn: String) throws -> String {
            let path = dir.appendingPathComponent("\(name).yaml").path
            try Data("""
                store: \(store)
                sources:
                  - name: prod-airflow
                    kind: airflow
                    url: \(api.base.absoluteString)
                \(airflow)
                    interval: 2s
                  - name: warehouse
                    kind: postgres
                    dsn_file: \(try secret("\(name)-dsn", dsn))
                    interval: 2s
                """.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let user = "    username: \(api.username)\n"
        let configs = [
            "right": try config("right", airflow: user + "    password_file: \(try secret("right-af", api.password))",
                                dsn: try pg.dsn(pg.password)),
            "wrong": try config("wrong", airflow: user + "    password_file: \(try secret("wrong-af", wrongPassword))",
                                dsn: try pg.dsn(pg.wrongPassword)),
            "token": try config("token", airflow: "    token_file: \(try secret("token-af", token))", dsn: try pg.dsn(pg.password)),
            "badtoken": try config("badtoken", airflow: "    token_file: \(try secret("badtoken-af", badToken))",
                                   dsn: try pg.dsn(pg.wrongPassword)),
        ]

        var outputs: [(String, String)] = []
        func run(_ what: String, _ arguments: [String]) throws -> ProcessResult {
            let result = try ChildProcess.run(bin, arguments, environment: ["XDG_STATE_HOME": dir.path, "XDG_CONFIG_HOME": dir.path],
                                              timeout: 120)
            outputs.append(("\(what) stdout", result.stdout))
            outputs.append(("\(what) stderr", result.stderr))
            return result
        }
        func sourceStates(_ config: String) throws -> [String: String] {
            let status = try run("status json", ["status", "--format", "json", "--config", config])
            let report = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            let sources = try #require(report["sources"] as? [[String: Any]])
            return Dictionary(uniqueKeysWithValues: sources.compactMap { s in
                (s["name"] as? String).map { ($0, s["state"] as? String ?? "?") }
            })
        }
        // Each run is seen to have used its credentials: right ones read, wrong ones refused.
        for (name, airflowUp, warehouseUp) in [("right", true, true), ("wrong", false, false), ("token", true, true),
                                               ("badtoken", false, false)] {
            let config = try #require(configs[name])
            _ = try run("collect \(name)", ["collect", "--once", "--config", config])
            let states = try sourceStates(config)
            #expect((states["prod-airflow"] != "down") == airflowUp, "\(name): \(states)")
            #expect((states["warehouse"] != "down") == warehouseUp, "\(name): \(states)")
            _ = try run("status text \(name)", ["status", "--config", config])
        }
        _ = try run("why", ["why", "raw.customers", "--config", try #require(configs["wrong"])])
        for format in ["txt", "svg"] {
            _ = try run("snapshot \(format)", ["snapshot", "--format", format])
            _ = try run("snapshot file \(format)", ["snapshot", "--format", format, "--out", dir.appendingPathComponent("snap.\(format)").path])
        }

        // The console runs the collectors itself (their lines go to vigil.log next to the store): with the right
        // credentials, then the wrong ones, showing the errors on the Sources pane and in a source's detail.
        for name in ["right", "wrong"] {
            let tmux = try TmuxSession(width: 200, height: 45, directory: dir)
            try tmux.type("clear; TERM=xterm-256color SWIFT_BACKTRACE=interactive=no XDG_STATE_HOME=\(dir.path) "
                          + "XDG_CONFIG_HOME=\(dir.path) \(bin) console --config \(try #require(configs[name])); echo EXIT=$?")
            outputs.append(("console \(name) health", try tmux.waitFor(text: "Pipeline health", timeout: 60)))
            try tmux.press("5")
            let sources = try tmux.waitFor("the Sources pane after a pass", timeout: 60) { screen in
                name == "right" ? screen.contains("● ok       warehouse") && screen.contains("◐ degraded prod-airflow")
                    : screen.contains("✗ down     warehouse") && screen.contains("✗ down     prod-airflow")
            }
            outputs.append(("console \(name) sources", sources))
            try tmux.press("Enter")
            outputs.append(("console \(name) source detail", try tmux.waitFor(text: "prod-airflow")))
            try tmux.press("Escape", "j", "Enter")
            outputs.append(("console \(name) second source", try tmux.screen()))
            try tmux.press("q")
            #expect(try tmux.waitForExit() == 0)
            outputs.append(("console \(name) after exit", try tmux.screen()))
        }

        // Every byte Vigil left on disk, apart from the secret files themselves, and everything it printed.
        var files: [(String, Data)] = []
        let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard !url.path.hasPrefix(secretsDir.path + "/"), (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true
            else { continue }
            files.append((url.path.replacingOccurrences(of: dir.path + "/", with: ""), try Data(contentsOf: url)))
        }
        let names = Set(files.map(\.0))
        #expect(names.isSuperset(of: ["store/vigil.db", "store/vigil.log", "snap.txt", "snap.svg"]), "\(names.sorted())")
        // The console's collectors logged both refusals: the log holds the error texts that must stay clean.
        let log = String(decoding: try #require(files.first { $0.0 == "store/vigil.log" }?.1), as: UTF8.self)
        #expect(log.contains("HTTP 401") && log.contains("password authentication failed"), "\(log)")
        for (name, bytes) in files + outputs.map({ ($0.0, Data($0.1.utf8)) }) {
            for (index, value) in secrets.enumerated() {
                #expect(bytes.range(of: Data(value.utf8)) == nil, "secret #\(index) in \(name)")
            }
            // Any JWT at all: header and payload are base64url JSON, so they start with eyJ.
            #expect(bytes.range(of: Data("eyJ".utf8)) == nil, "a JWT in \(name)")
        }
        // The wrong credentials were reported, so the texts above are the error texts, not silence.
        let errors = outputs.filter { $0.0.hasPrefix("console wrong") }.map(\.1).joined()
        #expect(errors.contains("401") || errors.contains("refused"), "\(errors)")
    }
}

/// A login role on the integration PostgreSQL that authenticates with a password (scram-sha-256), through a line
/// put at the top of pg_hba.conf for this role only; `drop` removes both.
struct PasswordRole {
    let name = "vigil_pw_\(UUID().uuidString.prefix(8).lowercased())"
    let password = "pg-pw-\(UUID().uuidString)"
    let wrongPassword = "pg-wrong-\(UUID().uuidString)"
    let hbaFile: String
    let rule: String

    init() throws {
        hbaFile = try Postgres.query("show hba_file")
        rule = "host all \(name) 127.0.0.1/32 scram-sha-256\n"
        // pg_monitor: the collector then reads every role's sessions and statements, this test's own included.
        _ = try Postgres.query("set password_encryption = 'scram-sha-256'; create role \(name) login password '\(password)'; "
                               + "grant pg_monitor to \(name)")
        let current = try String(contentsOfFile: hbaFile, encoding: .utf8)
        try Data((rule + current).utf8).write(to: URL(fileURLWithPath: hbaFile))
        _ = try Postgres.query("select pg_reload_conf()")
        // The reload is a signal: wait until the server asks this role for its password.
        let wrong = try dsn(wrongPassword)
        try PostgresIntegration.waitUntil("pg_hba.conf reloaded", seconds: 30) {
            try ChildProcess.run("/usr/bin/env", ["psql", "-X", "-d", wrong, "-c", "select 1"], timeout: 10).status != 0
        }
    }

    func dsn(_ password: String) throws -> String { try PostgresIntegration.dsn(user: name, password: password) }

    func drop() {
        if let current = try? String(contentsOfFile: hbaFile, encoding: .utf8) {
            try? Data(current.replacingOccurrences(of: rule, with: "").utf8).write(to: URL(fileURLWithPath: hbaFile))
            _ = try? Postgres.query("select pg_reload_conf()")
        }
        _ = try? Postgres.query("drop role if exists \(name)")
    }
}
