import Foundation
import Testing
@testable import VigilConfig

/// Every kind of mistake a config can have, read from a real file as `vigil check` reads it: each is reported with
/// the file, the line (when there is one), the key, and what to do about it.
@Suite struct ConfigMistakeTests {
    struct Mistake: CustomTestStringConvertible, Sendable {
        let name: String
        /// The file's bytes.
        let bytes: [UInt8]
        let field: String
        let line: Int?
        let message: String
        /// Part of the hint, which says what to do.
        let hint: String

        init(_ name: String, _ text: String, field: String, line: Int?, _ message: String, hint: String) {
            self.init(name, Array(text.utf8), field: field, line: line, message, hint: hint)
        }

        init(_ name: String, _ bytes: [UInt8], field: String, line: Int?, _ message: String, hint: String) {
            (self.name, self.bytes, self.field, self.line, self.message, self.hint) = (name, bytes, field, line, message, hint)
        }

        var testDescription: String { name }
    }

    static let mistakes: [Mistake] = [
        Mistake("typo'd prefect key", "sources:\n  - {name: p, kind: prefect, url: 'http://127.0.0.1:4200/api', tokn_env: K}\n",
                field: "sources[0].tokn_env", line: 2, "unknown key 'tokn_env'", hint: "did you mean 'token_env'?"),
        Mistake("prefect without url", "sources:\n  - name: p\n    kind: prefect\n", field: "sources[0].url", line: 2,
                "a prefect source needs 'url'", hint: "ending in /api"),
        Mistake("airflow key on prefect", "sources:\n  - {name: p, kind: prefect, url: 'http://127.0.0.1:4200/api', username: u}\n",
                field: "sources[0].username", line: 2, "'username' does not apply to a prefect source",
                hint: "prefect sources take: name, kind, interval, timeout, url, token_env, token_file"),
        Mistake("typo'd key", "theme: default\nsources:\n  - {name: a, kind: demo, intervall: 30s}\n",
                field: "sources[0].intervall", line: 3, "unknown key 'intervall'", hint: "did you mean 'interval'?"),
        Mistake("wrong type", "read_only: maybe\n", field: "read_only", line: 1, "must be true or false",
                hint: "write read_only: true or read_only: false"),
        Mistake("list for a value", "theme: [dark]\n", field: "theme", line: 1, "must be a single value, not a list",
                hint: "write theme: VALUE on one line"),
        Mistake("missing required field", "sources:\n  - name: a\n    kind: dbt\n", field: "sources[0].target_dir", line: 2,
                "a dbt source needs 'target_dir'", hint: "the dbt project's target/ folder"),
        Mistake("bad duration", "sources:\n  - {name: a, kind: demo, interval: 30}\n", field: "sources[0].interval", line: 2,
                "'30' is not a duration", hint: "add a unit: 30s, 30m, 30h or 30d"),
        // Found by ConfigFuzzTests (VIGIL_FUZZ_SCALE=20): a duration no Int holds crashed "must be longer than" messages.
        Mistake("duration too long", "datasets:\n  - {name: t, tier: 1, freshness: {warn_after: 99999999999999999999d, error_after: 1h}}\n",
                field: "datasets[0].freshness.warn_after", line: 2, "'99999999999999999999d' is longer than 3650d",
                hint: "durations go up to 10 years"),
        Mistake("unknown source kind", "sources:\n  - {name: a, kind: postgresql, dsn_env: DSN}\n", field: "sources[0].kind",
                line: 2, "unknown kind 'postgresql'", hint: "did you mean 'postgres'?"),
        Mistake("bad URL", "sources:\n  - {name: a, kind: airflow, url: 'airflow:8080'}\n", field: "sources[0].url", line: 2,
                "'airflow:8080' is not an http(s) URL", hint: "e.g. http://127.0.0.1:8080"),
        Mistake("dagster without url", "sources:\n  - {name: d, kind: dagster}\n", field: "sources[0].url", line: 2,
                "a dagster source needs 'url'", hint: "the webserver's base URL (GraphQL is at /graphql under it)"),
        Mistake("a key another kind takes", "sources:\n  - {name: d, kind: dagster, url: 'http://h:3000', username: u}\n",
                field: "sources[0].username", line: 2, "'username' does not apply to a dagster source",
                hint: "dagster sources take"),
        Mistake("a dagster token written inline", "sources:\n  - {name: d, kind: dagster, url: 'http://h:3000', token: abc}\n",
                field: "sources[0].token", line: 2, "secrets are never written in the config: use token_env or token_file",
                hint: "token_env: NAME reads an environment variable"),
        Mistake("secret written inline", "sources:\n  - {name: a, kind: postgres, dsn_env: DSN, dsn: 'postgres://u:p@h/d'}\n",
                field: "sources[0].dsn", line: 2, "secrets are never written in the config: use dsn_env or dsn_file",
                hint: "dsn_env: NAME reads an environment variable"),
        Mistake("duplicate source names", "sources:\n  - {name: a, kind: demo}\n  - {name: a, kind: demo}\n",
                field: "sources[1].name", line: 3, "duplicate source name 'a'", hint: "first used on line 2"),
        Mistake("duplicate keys", "theme: dark\nuser: a\ntheme: light\n", field: "", line: 1,
                "'theme' appears more than once in the same mapping", hint: "keep one"),
        Mistake("tab indentation", "sources:\n\t- {name: a, kind: demo}\n", field: "", line: 2,
                "invalid YAML: found character that cannot start any token", hint: "indent with spaces"),
        Mistake("invalid YAML syntax", "sources:\n  - name: a\n   kind: demo\n", field: "", line: 3,
                "invalid YAML: did not find expected '-' indicator", hint: "check the indentation"),
        Mistake("dataset naming an unknown source",
                "sources:\n  - {name: warehouse, kind: postgres, dsn_env: DSN}\ndatasets:\n"
                    + "  - {name: t, tier: 1, freshness: {warn_after: 1h, error_after: 2h}, loaded_at: u, source: wharehouse}\n",
                field: "datasets[0].source", line: 4, "unknown source 'wharehouse'", hint: "did you mean 'warehouse'?"),
        Mistake("dbt warehouse naming an unknown source",
                "sources:\n  - {name: analytics, kind: dbt, target_dir: t, warehouse: wharehouse}\n"
                    + "  - {name: warehouse, kind: postgres, dsn_env: DSN}\n",
                field: "sources[0].warehouse", line: 2, "unknown source 'wharehouse'", hint: "did you mean 'warehouse'?"),
        Mistake("dbt warehouse naming a source that is not postgres",
                "sources:\n  - {name: analytics, kind: dbt, target_dir: t, warehouse: airflow}\n"
                    + "  - {name: airflow, kind: airflow, url: 'http://h:8080'}\n  - {name: wh, kind: postgres, dsn_env: DSN}\n",
                field: "sources[0].warehouse", line: 2, "'airflow' is not a postgres source (its kind is airflow)",
                hint: "postgres sources: wh"),
        Mistake("warn after error", "datasets:\n  - {name: t, tier: 1, freshness: {warn_after: 2h, error_after: 1h}}\n",
                field: "datasets[0].freshness.error_after", line: 2, "error_after (1h) must be longer than warn_after (2h)",
                hint: "a dataset warns first"),
        Mistake("volume limit without a % sign",
                "datasets:\n  - {name: t, tier: 1, freshness: {warn_after: 1h, error_after: 2h}, loaded_at: u, volume: {max_drop: 50}}\n",
                field: "datasets[0].volume.max_drop", line: 2, "'50' is not a percentage",
                hint: "write it with a % sign, e.g. max_drop: 50%"),
        Mistake("volume without loaded_at",
                "datasets:\n  - name: t\n    tier: 1\n    freshness: {warn_after: 1h, error_after: 2h}\n    volume: {max_drop: 20%}\n",
                field: "datasets[0].volume", line: 5,
                "rows are counted by the postgres source measuring the dataset, which needs 'loaded_at'",
                hint: "add loaded_at: COLUMN"),
        Mistake("control character", "user: al\u{1B}[2Jice\n", field: "", line: 1,
                "invalid YAML: control characters are not allowed", hint: "delete it"),
        Mistake("binary file", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x0A, 0x00, 0xFF, 0xFE], field: "", line: 2,
                "is not UTF-8 text: byte 0xFF on line 2 is not", hint: "is this the config file?"),
    ]

    @Test(arguments: mistakes)
    func eachMistakeNamesFileLineKeyAndWhatToDo(_ mistake: Mistake) throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/vigil.yaml"
        try Data(mistake.bytes).write(to: URL(fileURLWithPath: path))
        let found = try problems(loading: path)
        #expect(found.count == 1, "\(found)")
        let p = try #require(found.first)
        #expect(p.file == path && p.line == mistake.line && p.field == mistake.field)
        #expect(p.message == mistake.message)
        #expect((p.hint ?? "").contains(mistake.hint))
        // As printed: FILE:LINE: FIELD: message (hint).
        let prefix = path + (mistake.line.map { ":\($0)" } ?? "") + ": " + (mistake.field.isEmpty ? "" : mistake.field + ": ")
        #expect(p.description.hasPrefix(prefix))
    }

    @Test func aDirectorySaysWhichFileToName() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let p = try #require(try problems(loading: dir).first)
        #expect(p.description == "\(dir): is a directory, not a config file (name the file: --config \(dir)/vigil.yaml)")
    }

    @Test func aMissingFileSaysHowToCreateIt() throws {
        let p = try #require(try problems(loading: "/nonexistent/vigil.yaml").first)
        #expect(p.hint == "create one with: vigil init --config /nonexistent/vigil.yaml")
    }

    /// Secrets are read where the collector runs, so what is missing here is a warning that names the key.
    @Test func missingSecretsAreWarningsThatSayWhatToDo() throws {
        let config = try parsed("""
        sources:
          - {name: a, kind: postgres, dsn_file: /nonexistent/dsn}
          - {name: b, kind: airflow, url: 'http://h:8080', username: u, password_env: VIGIL_TEST_UNSET}
        """)
        let warnings = ConfigAudit.warnings(for: config, environment: testEnvironment).map(\.description)
        #expect(warnings == [
            "sources[0].dsn_file: warning: source 'a': file /nonexistent/dsn does not exist "
                + "(write the secret alone in it and chmod 600 it, or correct the path)",
            "sources[1].password_env: warning: source 'b': environment variable VIGIL_TEST_UNSET is not set "
                + "(export VIGIL_TEST_UNSET before starting vigil)",
        ])
    }

    /// An empty file is a valid config (every default), but almost always an accident: it is said.
    @Test func anEmptyFileIsValidButWarned() throws {
        let config = try parsed("# nothing here yet\n")
        #expect(config == VigilConfiguration())
        let warnings = ConfigAudit.warnings(for: config, environment: testEnvironment)
        #expect(warnings.map(\.description) == ["warning: the file sets nothing: no sources are read and every setting "
            + "has its default (vigil init --force writes a commented starter)"])
        #expect(ConfigAudit.warnings(for: try parsed(StarterConfig.text), environment: testEnvironment).isEmpty)
    }

    private func problems(loading path: String) throws -> [ConfigProblem] {
        do throws(InvalidConfiguration) {
            _ = try ConfigLoader.load(path: path, environment: testEnvironment)
            Issue.record("\(path) loaded without a problem")
            return []
        } catch {
            return error.problems
        }
    }
}
