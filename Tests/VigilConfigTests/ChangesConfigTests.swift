import Foundation
import Testing
@testable import VigilConfig
import VigilCore

/// `changes:` in vigil.yaml: git repositories whose commits are changes, and the mistakes it names with file:line.
@Suite struct ChangesConfigTests {
    @Test func repositoriesWithTouches() throws {
        let config = try parsed("""
            sources:
              - {name: prod-airflow, kind: airflow, url: http://127.0.0.1:8080}
            changes:
              - repo: ~/src/dags
                branch: main
                touches: [prod-airflow/payments_ingest, raw.payments]
              - {repo: /srv/git/dbt.git, name: analytics-dbt, interval: 10m}
            """)
        #expect(config.changes == [
            ChangeRepoConfig(name: "dags", repo: "/home/alice/src/dags", branch: "main",
                             touches: ["pipeline:prod-airflow/payments_ingest", "dataset:raw.payments"]),
            ChangeRepoConfig(name: "analytics-dbt", repo: "/srv/git/dbt.git", branch: "HEAD", touches: [], interval: 600),
        ])
        let lines = ConfigSummary.lines(config, file: "vigil.yaml", storePath: "/tmp/s.db")
        #expect(lines.contains("  2 git repositories for changes: dags (main), analytics-dbt (HEAD)"))
    }

    @Test func mistakesNameTheLine() {
        let found = problems("""
            sources:
              - {name: prod-airflow, kind: airflow, url: http://127.0.0.1:8080}
            changes:
              - repo: /srv/dags
                brnach: main
                touches: [prod-airflw/payments_ingest]
              - branch: main
              - {repo: /srv/prod-airflow}
            """)
        #expect(found.contains { $0.line == 5 && $0.message == "unknown key 'brnach'" && $0.hint == "did you mean 'branch'?" })
        #expect(found.contains { $0.line == 6 && $0.message.contains("unknown source 'prod-airflw'")
            && $0.hint == "did you mean 'prod-airflow'?" })
        #expect(found.contains { $0.line == 7 && $0.message == "every entry of changes: needs a 'repo'" })
        #expect(found.contains { $0.line == 8 && $0.message == "duplicate name 'prod-airflow'" })
    }

    @Test func gitIsNotASourceKind() {
        let found = problems("""
            sources:
              - {name: dags, kind: git}
            """)
        #expect(found.contains { $0.message == "git repositories are not sources" })
    }
}
