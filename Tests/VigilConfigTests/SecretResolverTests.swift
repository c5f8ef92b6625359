import Foundation
import Testing
@testable import VigilConfig

@Suite struct SecretResolverTests {
    let secret = "s3cret-Value!"

    @Test func readsEnvironmentVariables() throws {
        #expect(try SecretResolver.resolve(.env("PW"), source: "a", environment: ["PW": secret]) == secret)
    }

    @Test func missingOrEmptyVariableNamesSourceAndVariable() {
        #expect {
            try SecretResolver.resolve(.env("AIRFLOW_PASSWORD"), source: "prod-airflow", environment: [:])
        } throws: { error in
            "\(error)" == "source 'prod-airflow': environment variable AIRFLOW_PASSWORD is not set (export AIRFLOW_PASSWORD before starting vigil)"
        }
        #expect {
            try SecretResolver.resolve(.env("PW"), source: "a", environment: ["PW": ""])
        } throws: { error in "\(error)".hasSuffix("PW is empty (export PW=... with the secret as its value)") }
    }

    @Test func readsPrivateFilesAndTrimsOneTrailingNewline() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile("\(dir)/lf", secret + "\n")
        try writeFile("\(dir)/crlf", secret + "\r\n")
        try writeFile("\(dir)/inner", "line1\nline2\n\n", mode: 0o400)
        #expect(try SecretResolver.resolve(.file("\(dir)/lf"), source: "a") == secret)
        #expect(try SecretResolver.resolve(.file("\(dir)/crlf"), source: "a") == secret)
        #expect(try SecretResolver.resolve(.file("\(dir)/inner"), source: "a") == "line1\nline2\n")
    }

    @Test(arguments: [0o640, 0o604, 0o644, 0o620])
    func refusesFilesOthersCanReadOrWrite(mode: Int) throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/pw"
        try writeFile(path, secret, mode: mode)
        var caught: SecretError?
        do { _ = try SecretResolver.resolve(.file(path), source: "warehouse") } catch { caught = error }
        let error = try #require(caught)
        #expect(error.description == "source 'warehouse': file \(path) is open to group or others (mode \(String(mode, radix: 8))) (chmod 600 \(path))")
        #expect(!error.description.contains(secret))
    }

    @Test func missingEmptyAndDirectoryFilesAreNamedNotRevealed() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile("\(dir)/empty", "\n")
        let cases: [(String, String)] = [
            ("\(dir)/absent", "does not exist (write the secret alone in it and chmod 600 it, or correct the path)"),
            ("\(dir)/empty", "is empty (write the secret in it)"),
            (dir, "is not a regular file (name the file holding the secret, not a folder)"),
        ]
        for (path, problem) in cases {
            #expect {
                try SecretResolver.resolve(.file(path), source: "s")
            } throws: { error in "\(error)" == "source 's': file \(path) \(problem)" }
        }
    }

    @Test func auditWarnsAboutMissingSecretsWithoutValues() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile("\(dir)/dsn", "postgres://u:\(secret)@h/db", mode: 0o644)
        let config = try parsed("""
        runbooks: /nonexistent/runbooks
        sources:
          - {name: air, kind: airflow, url: 'http://h', username: u, password_env: AIR_PW}
          - {name: wh, kind: postgres, dsn_file: \(dir)/dsn}
          - {name: ok, kind: postgres, dsn_env: OK_DSN}
          - {name: dbt, kind: dbt, target_dir: /nonexistent/target}
        """)
        let warnings = ConfigAudit.warnings(for: config, environment: ["OK_DSN": secret])
        #expect(warnings.map(\.field) == ["sources[0].password_env", "sources[1].dsn_file", "sources[3].target_dir", "runbooks"])
        #expect(warnings[0].message.contains("AIR_PW is not set"))
        #expect(warnings[1].message.contains("is open to group or others"))
        #expect(!warnings.contains { $0.description.contains(secret) })
    }
}
