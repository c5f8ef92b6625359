import Foundation
import Testing
@testable import VigilCore
@testable import VigilUI

/// A source that cannot be read is named on every pane with why and how old its data is; the Sources pane
/// lists unhealthy sources first with failures in a row, pass time and the full error.
@Suite struct SourceHealthViewTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    var sources: [SourceStatus] {
        [
            SourceStatus(name: "analytics", kind: .dbt, health: .ok, lastAttemptAt: now, lastSuccessAt: now,
                         lastPassSeconds: 0.042),
            SourceStatus(name: "prod-airflow", kind: .airflow, health: .down, lastAttemptAt: now,
                         lastSuccessAt: now.addingTimeInterval(-720),
                         lastError: "source 'prod-airflow': GET /api/v2/dags answered HTTP 500",
                         consecutiveFailures: 4, lastPassSeconds: 2.5),
            SourceStatus(name: "warehouse", kind: .postgres, health: .ok, lastAttemptAt: now, lastSuccessAt: now,
                         lastPassSeconds: 0.31,
                         note: "role vigil_ro lacks pg_monitor: sessions of other roles are hidden"),
        ]
    }

    func screen(_ pane: Pane, keys: [Key] = [], sources: [SourceStatus]? = nil, activity: WarehouseActivity? = nil) -> String {
        let source = TestDataSource(PlatformSnapshot(now: now, sources: sources ?? self.sources), activity: activity)
        var controller = ConsoleDriver(source, pane: pane)
        for key in keys { controller.send(.input(.key(key))) }
        return controller.text
    }

    @Test func aDownSourceIsNamedOnEveryPaneWithTheAgeOfItsData() {
        for pane in Pane.allCases {
            let lines = screen(pane).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines[0].contains("✗ prod-airflow down"), "header on \(pane)")
            #expect(lines[2].contains("✗ prod-airflow down (4 failures in a row): showing its last good data, data 12m old"),
                    "banner on \(pane): \(lines[2])")
            #expect(lines[2].contains("— GET /api/v2/dags"), "the error, without repeating the source name")
        }
    }

    /// Pipelines of a down source stay listed (last good data), their source marked on the row.
    @Test func healthRowsOfADownSourceMarkTheSource() {
        let pipelines = [
            PipelineSummary(pipeline: Pipeline(source: "prod-airflow", pipelineID: "daily_revenue"), recentRuns: []),
            PipelineSummary(pipeline: Pipeline(source: "analytics", pipelineID: "jaffle"), recentRuns: []),
        ]
        let source = TestDataSource(PlatformSnapshot(now: now, sources: sources, pipelines: pipelines))
        let lines = ConsoleDriver(source).text.split(separator: "\n")
        #expect(lines.contains { $0.contains("daily_revenue") && $0.contains("✗ prod-airflow") })
        #expect(lines.contains { $0.contains("jaffle") && $0.contains("analytics") && !$0.contains("✗ analytics") })
    }

    /// A wide header has room for the age of a down source's data too.
    @Test func aWideHeaderAddsTheDataAge() {
        let source = TestDataSource(PlatformSnapshot(now: now, sources: sources))
        let header = ConsoleDriver(source, width: 200).text.split(separator: "\n")[0]
        #expect(header.contains("● analytics  ✗ prod-airflow down (data 12m old)  ● warehouse"))
    }

    @Test func noBannerWhenEverySourceCanBeRead() {
        let healthy = sources.map { s -> SourceStatus in
            var s = s
            s.health = .ok
            s.lastError = nil
            return s
        }
        let text = screen(.health, sources: healthy)
        #expect(!text.contains("showing its last good data"))
        #expect(!text.contains("down"))
    }

    /// `notify:` targets are listed under the sources like them: failing first, with failures in a row and the error.
    @Test func sourcesPaneListsNotifyTargetsFailingFirst() throws {
        var snapshot = PlatformSnapshot(now: now, sources: sources)
        snapshot.notifyTargets = [
            NotifyTargetStatus(name: "alertmanager", kind: "alertmanager", health: .ok, lastAttemptAt: now,
                               lastSuccessAt: now.addingTimeInterval(-60)),
            NotifyTargetStatus(name: "chat", kind: "webhook", health: .down, lastAttemptAt: now,
                               lastSuccessAt: now.addingTimeInterval(-3_600),
                               lastError: "webhook 'chat' failed: HTTP 503\u{1b}[2J: Service Unavailable", consecutiveFailures: 3),
            NotifyTargetStatus(name: "spare", kind: "webhook"),
        ]
        let lines = ConsoleDriver(TestDataSource(snapshot), pane: .sources).text.split(separator: "\n").map(String.init)
        let title = try #require(lines.firstIndex { $0.contains("Notify targets  3") })
        #expect(lines[title + 1].contains("TARGET") && lines[title + 1].contains("LAST ERROR"))
        let rows = Array(lines[(title + 2)...(title + 4)])
        #expect(rows[0].contains("✗ down") && rows[0].contains("chat") && rows[0].contains("webhook") && rows[0].contains("1h ago")
                && rows[0].contains(" 3 ") && rows[0].contains("HTTP 503"), "\(rows[0])")
        #expect(!rows[0].contains("\u{1b}"), "the error is cleaned")
        #expect(rows[1].contains("idle") && rows[1].contains("spare"), "nothing sent yet comes before ok, as for sources")
        #expect(rows[2].contains("● ok") && rows[2].contains("alertmanager") && rows[2].contains("1m ago"), "\(rows[2])")
        // The sources keep their list above, and a target is never the selected row.
        #expect(lines.contains { $0.contains("▌") && $0.contains("prod-airflow") })
        #expect(!rows.contains { $0.contains("▌") })
    }

    @Test func sourcesPaneListsDownFirstWithFailuresPassAndError() throws {
        let lines = screen(.sources).split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.contains("HEALTH") && $0.contains("LAST SUCCESS") })
        let rows = Array(lines[(header + 1)...(header + 3)])
        #expect(rows[0].contains("✗ down") && rows[0].contains("prod-airflow") && rows[0].contains("12m ago")
                && rows[0].contains(" 4 ") && rows[0].contains("2.5 s") && rows[0].contains("GET /api/v2/dags"))
        #expect(rows[1].contains("analytics") && rows[1].contains("42 ms"))
        #expect(rows[2].contains("warehouse") && rows[2].contains("lacks pg_monitor"))
        // The selected (first) source's facts sit under the list.
        #expect(lines.contains { $0.contains("source prod-airflow") && $0.contains("failed 4 failures in a row") })
    }

    @Test func enterOpensTheSourceDetailWithTheWrappedNote() {
        let text = screen(.sources, keys: [.down, .down, .enter])
        #expect(text.contains("Sources › warehouse"))
        #expect(text.contains("Source warehouse  postgres  ● ok  data 0s old"))
        #expect(text.contains("note role vigil_ro lacks pg_monitor"))
    }

    /// A warehouse source's detail shows blocked and long-running sessions, dataset checks and top statements;
    /// query text from the database is untrusted.
    @Test func aWarehouseDetailShowsSessionsChecksAndStatements() {
        let activity = WarehouseActivity(
            observedAt: now, serverVersion: "15.18", database: "warehouse", role: "vigil_ro", seesAllSessions: false,
            sessions: [
                WarehouseSession(pid: 4242, kind: .blocked, user: "etl", blockedBy: [4100], queryAgeSeconds: 95,
                                 query: "UPDATE raw.customers SET x = 1\u{1B}[2J"),
                WarehouseSession(pid: 4300, kind: .longRunning, user: "analyst", queryAgeSeconds: 1_260, query: "SELECT pg_sleep(600)"),
            ],
            statements: [WarehouseStatement(queryID: "1", database: "bench", role: "postgres", calls: 2_705, totalMilliseconds: 1_497.8, meanMilliseconds: 0.55,
                                             maxMilliseconds: 79.6, rows: 2_705, query: "UPDATE pgbench_branches SET bbalance = $1")],
            datasetChecks: [
                WarehouseDatasetCheck(dataset: "raw.customers", loadedAtColumn: "loaded_at", checkedAt: now, loadedAt: now.addingTimeInterval(-7_800)),
                WarehouseDatasetCheck(dataset: "raw.gone", loadedAtColumn: "loaded_at", checkedAt: now,
                                      problem: WarehouseDatasetProblem(kind: .missingTable, message: "table raw.gone does not exist")),
            ])
        let text = screen(.sources, keys: [.down, .down, .enter], activity: activity)
        #expect(text.contains("Sessions  warehouse as vigil_ro PostgreSQL 15.18  read 0s ago  (own sessions only: no pg_monitor)"))
        #expect(text.contains("BLOCKED     pid 4242  1m     by 4100  etl  UPDATE raw.customers SET x = 1"))
        #expect(text.contains("LONG QUERY  pid 4300  21m    analyst  SELECT pg_sleep(600)"))
        #expect(text.contains("raw.customers") && text.contains("loaded 2h10m ago"))
        #expect(text.contains("✗ table raw.gone does not exist"))
        #expect(text.contains("1498 ms     2705 calls  0.6 ms avg    UPDATE pgbench_branches"))
        #expect(!text.contains("\u{1B}"))
    }

    @Test func filterNarrowsSourcesByKindOrHealth() {
        let text = screen(.sources, keys: [.char("/"), .char("d"), .char("o"), .char("w"), .char("n"), .enter])
        #expect(text.contains("1 of 3"))
        #expect(!text.contains("analytics  "))
    }

    /// Source names come from config and may carry escape sequences; they never reach the terminal raw.
    @Test func untrustedSourceNamesAreSanitised() {
        let evil = [SourceStatus(name: "evil\u{1B}[2Jname", kind: .airflow, health: .down, lastAttemptAt: now,
                                 lastError: "boom\u{1B}]0;pwned\u{07}")]
        let text = screen(.sources, sources: evil)
        #expect(!text.contains("\u{1B}"))
        #expect(!text.contains("\u{07}"))
        #expect(text.contains("no data yet"))
    }
}
