import Foundation
import Testing
@testable import VigilConfig

/// Each kind of mistake yields one problem with the right field path, line and an actionable message.
@Suite struct ProblemTests {
    /// The only problem a config has; records an issue when there are none or several.
    func only(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> ConfigProblem? {
        let found = problems(yaml)
        #expect(found.count == 1, "expected one problem, got: \(found)", sourceLocation: sourceLocation)
        return found.first
    }

    @Test func unknownKeySuggestsTheClosestKnownKey() throws {
        let p = try #require(only("""
        sources:
          - name: a
            kind: airflow
            url: http://h:8080
            intervall: 30s
        """))
        #expect(p.field == "sources[0].intervall")
        #expect(p.line == 5)
        #expect(p.column == 5)
        #expect(p.message == "unknown key 'intervall'")
        #expect(p.hint == "did you mean 'interval'?")
        #expect(p.file == testFile)
    }

    @Test func unknownKeyWithoutCloseMatchListsKnownKeys() throws {
        let p = try #require(only("colour_scheme: dark\n"))
        #expect(p.field == "colour_scheme")
        #expect(p.line == 1)
        #expect(p.hint?.contains("store, theme, user, read_only, runbooks, sources, datasets") == true)
    }

    @Test func keyOfAnotherKindSaysItDoesNotApply() throws {
        let p = try #require(only("sources:\n  - {name: a, kind: dbt, target_dir: t, url: 'http://x'}\n"))
        #expect(p.field == "sources[0].url")
        #expect(p.message == "'url' does not apply to a dbt source")
        #expect(p.hint == "dbt sources take: name, kind, interval, timeout, target_dir, warehouse")
    }

    @Test func wrongTypes() {
        let found = problems("""
        read_only: maybe
        theme: [dark]
        sources: prod-airflow
        datasets:
          - name: t
            tier: high
            freshness: 1h
        """)
        #expect(found.map(\.field) == ["read_only", "theme", "sources", "datasets[0].tier", "datasets[0].freshness"])
        #expect(found.map(\.line) == [1, 2, 3, 6, 7])
        #expect(found[0].message == "must be true or false")
        #expect(found[1].message == "must be a single value, not a list")
        #expect(found[2].message == "expected a list of sources, found a single value")
        #expect(found[3].message == "'high' is not a whole number")
        #expect(found[4].message == "expected warn_after and error_after, found a single value")
    }

    @Test func unknownKindListsValidKinds() throws {
        let p = try #require(only("sources:\n  - name: a\n    kind: airflw\n    url: http://h\n"))
        #expect(p.field == "sources[0].kind")
        #expect(p.line == 3)
        #expect(p.message == "unknown kind 'airflw'")
        #expect(p.hint == "did you mean 'airflow'? kinds: airflow, dagster, dbt, postgres, prefect, demo")
    }

    @Test(arguments: [
        ("airflow", "sources[0].url", "an airflow source needs 'url'"),
        ("dbt", "sources[0].target_dir", "a dbt source needs 'target_dir'"),
        ("postgres", "sources[0].dsn_env", "a postgres source needs dsn_env or dsn_file"),
    ])
    func requiredFieldsPerKind(kind: String, field: String, message: String) throws {
        let p = try #require(only("theme: default\nsources:\n  - name: a\n    kind: \(kind)\n"))
        #expect(p.field == field)
        #expect(p.message == message)
        // Reported where the source entry starts.
        #expect(p.line == 3)
    }

    @Test func missingNameAndKind() {
        let found = problems("sources:\n  - interval: 30s\n")
        #expect(found.map(\.field) == ["sources[0].name", "sources[0].kind"])
        #expect(found.allSatisfy { $0.line == 2 })
        #expect(found[1].hint == "kinds: airflow, dagster, dbt, postgres, prefect, demo")
    }

    @Test(arguments: ["password", "token", "dsn"])
    func inlineSecretsAreRefusedWithoutEchoingThem(key: String) throws {
        let kind = key == "dsn" ? "postgres\n    dsn_env: DSN" : "airflow\n    url: http://h\n    username: u"
        let secret = "hunter2-very-secret"
        let found = problems("sources:\n  - name: a\n    kind: \(kind)\n    \(key): \(secret)\n")
        let p = try #require(found.first { $0.field == "sources[0].\(key)" })
        #expect(p.message == "secrets are never written in the config: use \(key)_env or \(key)_file")
        #expect(!found.contains { $0.description.contains(secret) })
    }

    @Test func passwordInURLIsRefusedWithoutEchoingIt() throws {
        let p = try #require(only("sources:\n  - {name: a, kind: airflow, url: 'http://admin:s3cr3t@h:8080'}\n"))
        #expect(p.field == "sources[0].url")
        #expect(p.message.contains("the URL carries a password"))
        #expect(!p.description.contains("s3cr3t"))
    }

    @Test func secretValueInAnEnvKeyIsNotEchoed() throws {
        let p = try #require(only("sources:\n  - {name: a, kind: postgres, dsn_env: 'postgres://u:pw@h/db'}\n"))
        #expect(p.field == "sources[0].dsn_env")
        #expect(p.message.hasPrefix("must name an environment variable"))
        #expect(!p.description.contains("pw@h"))
        let dollar = try #require(only("sources:\n  - {name: a, kind: postgres, dsn_env: $WAREHOUSE_DSN}\n"))
        #expect(dollar.message == "write the variable's name without '$'")
        #expect(dollar.hint == "dsn_env: WAREHOUSE_DSN")
    }

    @Test func bothEnvAndFileIsAProblem() throws {
        let p = try #require(only("sources:\n  - name: a\n    kind: postgres\n    dsn_env: A\n    dsn_file: /f\n"))
        #expect(p.field == "sources[0].dsn_file")
        #expect(p.line == 5)
        #expect(p.message == "set either dsn_env or dsn_file, not both")
    }

    @Test func airflowAuthCombinations() {
        let found = problems("""
        sources:
          - name: a
            kind: airflow
            url: http://h
            password_env: P
            token_env: T
            api: v3
        """)
        #expect(found.map(\.field) == ["sources[0].password_env", "sources[0].token_env", "sources[0].api"])
        #expect(found.map(\.message) == ["a password needs 'username' too",
                                         "use either a token or a username and password, not both",
                                         "unknown api 'v3'"])
    }

    @Test func badURL() throws {
        let p = try #require(only("sources:\n  - {name: a, kind: airflow, url: '127.0.0.1:8080'}\n"))
        #expect(p.message == "'127.0.0.1:8080' is not an http(s) URL")
    }

    @Test func badDurations() {
        let found = problems("""
        sources:
          - name: a
            kind: demo
            interval: 5 minutes
            timeout: 30
          - name: b
            kind: demo
            interval: 0s
        """)
        #expect(found.map(\.field) == ["sources[0].interval", "sources[0].timeout", "sources[1].interval"])
        #expect(found.map(\.line) == [4, 5, 8])
        #expect(found[0].message == "'5 minutes' is not a duration")
        #expect(found[0].hint == "use 30s, 5m, 2h, 1d or combined, like 1h30m")
        #expect(found[0].description == "\(testFile):4: sources[0].interval: '5 minutes' is not a duration (use 30s, 5m, 2h, 1d or combined, like 1h30m)")
        #expect(found[1].hint == "add a unit: 30s, 30m, 30h or 30d")
        #expect(found[2].message == "must be longer than 0s")
    }

    @Test func warnAfterMustBeShorterThanErrorAfter() throws {
        let p = try #require(only("""
        datasets:
          - name: t
            tier: 2
            freshness:
              warn_after: 2h
              error_after: 1h
        """))
        #expect(p.field == "datasets[0].freshness.error_after")
        #expect(p.line == 6)
        #expect(p.message == "error_after (1h) must be longer than warn_after (2h)")
        #expect(only("datasets:\n  - {name: t, tier: 2, freshness: {warn_after: 1h, error_after: 60m}}\n") != nil)
    }

    @Test func freshnessKeysAreCheckedToo() {
        let found = problems("datasets:\n  - name: t\n    tier: 1\n    freshness: {warn_afer: 1h}\n")
        #expect(found.map(\.field) == ["datasets[0].freshness.warn_afer", "datasets[0].freshness.warn_after",
                                       "datasets[0].freshness.error_after"])
        #expect(found[0].hint == "did you mean 'warn_after'?")
        #expect(found[1].message == "missing 'warn_after'")
    }

    @Test(arguments: [0, 4, -1])
    func tierOutsideOneToThree(tier: Int) throws {
        let p = try #require(only("datasets:\n  - name: t\n    tier: \(tier)\n    freshness: {warn_after: 1h, error_after: 2h}\n"))
        #expect(p.field == "datasets[0].tier")
        #expect(p.line == 3)
        #expect(p.message == "tier \(tier) is not 1, 2 or 3")
    }

    @Test func duplicateNames() {
        let found = problems("""
        sources:
          - {name: a, kind: demo}
          - {name: a, kind: demo}
        datasets:
          - {name: t, tier: 1, freshness: {warn_after: 1h, error_after: 2h}}
          - {name: t, tier: 2, freshness: {warn_after: 1h, error_after: 2h}}
        """)
        #expect(found.map(\.field) == ["sources[1].name", "datasets[1].name"])
        #expect(found.map(\.line) == [3, 6])
        #expect(found[0].message == "duplicate source name 'a'")
        #expect(found[0].hint == "first used on line 2")
        #expect(found[1].message == "duplicate dataset name 't'")
    }

    @Test func datasetNamingAnUnknownSource() {
        let found = problems("""
        sources:
          - {name: warehouse, kind: postgres, dsn_env: DSN}
        datasets:
          - name: t
            tier: 1
            freshness: {warn_after: 1h, error_after: 2h}
            loaded_at: updated_at
            source: warehouse2
            produced_by: airflow/daily
          - name: u
            tier: 1
            freshness: {warn_after: 1h, error_after: 2h}
            source: warehouse
            produced_by: no-slash
        """)
        #expect(found.map(\.field) == ["datasets[0].source", "datasets[0].produced_by", "datasets[1].loaded_at",
                                       "datasets[1].produced_by"])
        #expect(found.map(\.line) == [8, 9, 10, 14])
        #expect(found[0].message == "unknown source 'warehouse2'")
        #expect(found[0].hint == "did you mean 'warehouse'?")
        #expect(found[1].message == "unknown source 'airflow'")
        #expect(found[1].hint == "sources: warehouse")
        #expect(found[2].message == "a dataset measured by postgres source 'warehouse' needs 'loaded_at'")
        #expect(found[3].message == "'no-slash' is not SOURCE/PIPELINE_ID")
    }

    @Test func invalidSourceName() throws {
        let p = try #require(only("sources:\n  - {name: 'prod/airflow', kind: demo}\n"))
        #expect(p.message == "'prod/airflow' is not a valid source name")
    }

    @Test func yamlSyntaxErrorsCarryTheirLine() throws {
        let p = try #require(only("theme: default\nsources:\n  - name: a\n   kind: demo\n"))
        #expect(p.line == 4)
        #expect(p.message.hasPrefix("invalid YAML: "))
        let tab = try #require(only("sources:\n\t- name: a\n"))
        #expect(tab.line == 2)
        #expect(tab.hint == "indent with spaces: YAML does not allow tabs")
    }

    @Test func duplicateKeysAreReportedWithTheirLine() throws {
        let p = try #require(only("theme: a\nuser: b\ntheme: c\n"))
        #expect(p.message == "'theme' appears more than once in the same mapping")
        #expect(p.line == 1)
    }

    @Test func everyProblemIsReportedTogetherInFileOrder() {
        let found = problems("""
        thme: dark
        sources:
          - name: a
            kind: airflow
            intervall: 30s
          - name: b
            kind: dbt
            interval: soon
        datasets:
          - name: t
            tier: 9
            freshness: {warn_after: 1h, error_after: 2h}
            source: nowhere
        """)
        #expect(found.map(\.field) == ["thme", "sources[0].url", "sources[0].intervall", "sources[1].target_dir",
                                       "sources[1].interval", "datasets[0].tier", "datasets[0].source"])
        #expect(found.map(\.line) == [1, 3, 5, 6, 8, 11, 13])
    }

    @Test func loadReportsAMissingFile() {
        #expect(throws: InvalidConfiguration.self) { try ConfigLoader.load(path: "/nonexistent/vigil.yaml") }
        do {
            _ = try ConfigLoader.load(path: "/nonexistent/vigil.yaml")
        } catch {
            #expect(error.problems.first?.description == "/nonexistent/vigil.yaml: no such file (create one with: vigil init --config /nonexistent/vigil.yaml)")
        }
    }
}
