import Foundation
import Testing
import VigilCore
@testable import VigilConfig

@Suite struct ValidConfigTests {
    static let full = """
    store: ~/.local/state/vigil/vigil.db
    theme: colorblind
    user: alice
    read_only: true
    runbooks: ./runbooks
    sources:
      - name: prod-airflow
        kind: airflow
        url: http://127.0.0.1:8080
        api: v2
        username: vigil
        password_env: AIRFLOW_PASSWORD
        interval: 30s
        timeout: 10s
        late_grace: 15m
      - name: prod-dagster
        kind: dagster
        url: https://acme.dagster.cloud/prod
        token_env: DAGSTER_CLOUD_API_TOKEN
        late_grace: 5m
      - name: analytics
        kind: dbt
        target_dir: ../analytics/target
      - name: warehouse
        kind: postgres
        dsn_file: secrets/warehouse-dsn
        interval: 1h30m
      - name: demo
        kind: demo
    datasets:
      - name: analytics.fct_revenue
        tier: 1
        freshness: {warn_after: 1h, error_after: 2h}
        loaded_at: updated_at
        source: warehouse
        produced_by: prod-airflow/daily_revenue
        owner: finance-data
        aliases: ["postgres://localhost:5432/warehouse/analytics/fct_revenue", fct_revenue_view]
      - name: raw.events
        tier: 3
        freshness:
          warn_after: 15m
          error_after: 1d
    """

    @Test func aPrefectSourceTakesItsAPIURLAndAnOptionalKey() throws {
        let config = try parsed("""
        sources:
          - name: prefect-prod
            kind: prefect
            url: http://127.0.0.1:4200/api
            token_env: PREFECT_API_KEY
            interval: 1m
            timeout: 5s
          - name: prefect-open
            kind: prefect
            url: http://127.0.0.1:4201/api
        """)
        #expect(config.sources == [
            SourceConfig(name: "prefect-prod", kind: .prefect, url: URL(string: "http://127.0.0.1:4200/api"),
                         token: .env("PREFECT_API_KEY"), interval: 60, timeout: 5),
            SourceConfig(name: "prefect-open", kind: .prefect, url: URL(string: "http://127.0.0.1:4201/api")),
        ])
        #expect(config.sources[1].interval == 30)
    }

    @Test func fullConfigBecomesTypedValues() throws {
        let config = try parsed(Self.full)
        var airflow = SourceConfig(name: "prod-airflow", kind: .airflow, url: URL(string: "http://127.0.0.1:8080"), api: .v2,
                                   username: "vigil", password: .env("AIRFLOW_PASSWORD"), interval: 30, timeout: 10)
        airflow.lateGrace = 900
        var dagster = SourceConfig(name: "prod-dagster", kind: .dagster, url: URL(string: "https://acme.dagster.cloud/prod"),
                                   token: .env("DAGSTER_CLOUD_API_TOKEN"))
        dagster.lateGrace = 300
        let expected = VigilConfiguration(
            store: "/home/alice/.local/state/vigil/vigil.db",
            theme: "colorblind",
            user: "alice",
            readOnly: true,
            runbooks: "/etc/vigil/runbooks",
            sources: [
                airflow,
                dagster,
                SourceConfig(name: "analytics", kind: .dbt, targetDir: "/etc/analytics/target"),
                SourceConfig(name: "warehouse", kind: .postgres, dsn: .file("/etc/vigil/secrets/warehouse-dsn"), interval: 5400),
                SourceConfig(name: "demo", kind: .demo),
            ],
            datasets: [
                DatasetConfig(name: "analytics.fct_revenue", tier: 1, freshness: FreshnessPolicy(warnAfter: 3600, errorAfter: 7200),
                              loadedAt: "updated_at", source: "warehouse",
                              producedBy: PipelineReference(source: "prod-airflow", pipelineID: "daily_revenue"),
                              owner: "finance-data",
                              aliases: ["postgres://localhost:5432/warehouse/analytics/fct_revenue", "fct_revenue_view"]),
                DatasetConfig(name: "raw.events", tier: 3, freshness: FreshnessPolicy(warnAfter: 900, errorAfter: 86_400)),
            ])
        #expect(config == expected)
    }

    @Test func unsetValuesTakeDefaults() throws {
        let config = try parsed("sources:\n  - name: a\n    kind: dbt\n    target_dir: t\n")
        #expect(config.store == nil)
        #expect(config.theme == "default")
        #expect(config.user == nil)
        #expect(config.readOnly == false)
        #expect(config.sources[0].interval == 60)
        #expect(config.sources[0].timeout == 10)
        #expect(SourceConfig(name: "x", kind: .airflow).interval == 30)
        #expect(SourceConfig(name: "x", kind: .dagster).interval == 30)
    }

    @Test func emptyFileAndEmptyListsAreValid() throws {
        #expect(try parsed("") == VigilConfiguration())
        #expect(try parsed("# only comments\n") == VigilConfiguration())
        // Every entry commented out leaves `sources:` null, which means none.
        #expect(try parsed("sources:\n  # - name: x\ndatasets:\n") == VigilConfiguration())
    }

    @Test func relativePathsResolveAgainstTheConfigFolderNotTheWorkingDirectory() throws {
        let yaml = """
        store: state/vigil.db
        runbooks: ../shared/runbooks
        sources:
          - {name: a, kind: dbt, target_dir: ./project/target/}
          - {name: b, kind: postgres, dsn_file: ~/secrets/dsn}
          - {name: c, kind: dbt, target_dir: /abs/./target}
          - {name: d, kind: dbt, target_dir: "~"}
        """
        let config = try ConfigLoader.parse(yaml: yaml, file: "/srv/team/conf/vigil.yaml", environment: testEnvironment).get()
        #expect(config.store == "/srv/team/conf/state/vigil.db")
        #expect(config.runbooks == "/srv/team/shared/runbooks")
        #expect(config.sources[0].targetDir == "/srv/team/conf/project/target")
        #expect(config.sources[1].dsn == .file("/home/alice/secrets/dsn"))
        #expect(config.sources[2].targetDir == "/abs/target")
        #expect(config.sources[3].targetDir == "/home/alice")
    }

    @Test func relativeConfigFileIsAnchoredAtTheWorkingDirectory() {
        let resolver = PathResolver(configFile: "conf/vigil.yaml", home: "/h", cwd: "/work")
        #expect(resolver.resolve("target") == "/work/conf/target")
    }

    @Test func loadReadsTheFileAndUsesItsFolder() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile("\(dir)/vigil.yaml", "runbooks: books\nsources:\n  - {name: a, kind: demo}\n")
        let config = try ConfigLoader.load(path: "\(dir)/vigil.yaml", environment: testEnvironment)
        #expect(config.runbooks == URL(fileURLWithPath: "\(dir)/books").standardizedFileURL.path)
        #expect(config.sources.map(\.kind) == [.demo])
    }

    @Test func datasetConvertsToTheDomainModel() throws {
        let config = try parsed(Self.full)
        let dataset = config.datasets[0].dataset(defaultSource: "unused")
        #expect(dataset.source == "warehouse")
        #expect(dataset.producedBy == "daily_revenue")
        #expect(dataset.policy.state(lag: 5400) == .warn)
        #expect(config.datasets[1].dataset(defaultSource: "demo").source == "demo")
        #expect(config.datasets[0].producedBy?.lineageNode == .pipeline(source: "prod-airflow", id: "daily_revenue"))
    }

    @Test func actorIsTheConfiguredUserElseTheLoginName() {
        #expect(VigilConfiguration(user: "bob").actor(environment: ["USER": "alice"]) == "bob")
        #expect(VigilConfiguration().actor(environment: ["USER": "alice"]) == "alice")
        #expect(VigilConfiguration().actor(environment: ["LOGNAME": "carol"]) == "carol")
        #expect(!VigilConfiguration().actor(environment: [:]).isEmpty)
    }
}
