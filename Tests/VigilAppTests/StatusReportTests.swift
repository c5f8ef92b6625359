import Foundation
import Testing
import VigilApp
import VigilCore

@Suite struct StatusReportTests {
    @Test func jsonKeepsEveryDocumentedKeyEvenWhenNull() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let snapshot = PlatformSnapshot(
            now: now,
            sources: [SourceStatus(name: "af", kind: .airflow, health: .unknown)],
            pipelines: [PipelineSummary(pipeline: Pipeline(source: "af", pipelineID: "new_dag"),
                                        recentRuns: [PipelineRun(source: "af", pipelineID: "new_dag", runID: "r1", state: .queued)])],
            datasets: [DatasetSummary(dataset: Dataset(name: "raw.never", tier: 2, policy: FreshnessPolicy(warnAfter: 60, errorAfter: 120), source: "wh"),
                                      lastLoadedAt: nil, lastObservedAt: nil)])
        let (status, reasons) = OverallStatus.evaluate(snapshot)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(StatusReport.json(snapshot, status: status, reasons: reasons).utf8)) as? [String: Any])
        let source = try #require((object["sources"] as? [[String: Any]])?.first)
        #expect(source["last_success_at"] is NSNull)
        #expect(source["last_error"] is NSNull)
        #expect(source["data_age_s"] is NSNull)
        #expect(source["last_pass_s"] is NSNull)
        #expect(source["note"] is NSNull)
        #expect(source["consecutive_failures"] as? Int == 0)
        let pipeline = try #require((object["pipelines"] as? [[String: Any]])?.first)
        #expect(pipeline["tier"] is NSNull)
        let run = try #require(pipeline["last_run"] as? [String: Any])
        #expect(run["started_at"] is NSNull)
        #expect(run["duration_s"] is NSNull)
        let dataset = try #require((object["datasets"] as? [[String: Any]])?.first)
        #expect(dataset["lag_s"] is NSNull)
        #expect(dataset["freshness_state"] as? String == "unknown")
        #expect(object["status"] as? String == status.label)
    }

    @Test func textStartsWithTheNagiosStatusLine() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let snapshot = PlatformSnapshot(now: now, sources: [SourceStatus(name: "af", kind: .airflow, health: .down, lastError: "HTTP 503")])
        let (status, reasons) = OverallStatus.evaluate(snapshot)
        let text = StatusReport.text(snapshot, status: status, reasons: reasons)
        #expect(text.hasPrefix("VIGIL WARNING - 0 pipelines"))
        #expect(text.contains("source af (airflow): down, no data yet - HTTP 503"))
    }

    /// A down source says how many polls failed in a row and how old its last good data is, in both formats.
    @Test func aDownSourceReportsFailuresPassTimeAndDataAge() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let source = SourceStatus(name: "wh", kind: .postgres, health: .down, lastAttemptAt: now,
                                  lastSuccessAt: now.addingTimeInterval(-1_500), lastError: "connection refused",
                                  consecutiveFailures: 3, lastPassSeconds: 0.25, note: "no pg_stat_statements")
        let snapshot = PlatformSnapshot(now: now, sources: [source])
        let (status, reasons) = OverallStatus.evaluate(snapshot)
        let text = StatusReport.text(snapshot, status: status, reasons: reasons)
        #expect(text.contains("source wh (postgres): down, 3 failures in a row, last good data 25m old - connection refused (note: no pg_stat_statements)"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(StatusReport.json(snapshot, status: status, reasons: reasons).utf8)) as? [String: Any])
        let json = try #require((object["sources"] as? [[String: Any]])?.first)
        #expect(json["consecutive_failures"] as? Int == 3)
        #expect(json["data_age_s"] as? Double == 1_500)
        #expect(json["last_pass_s"] as? Double == 0.25)
        #expect(json["note"] as? String == "no pg_stat_statements")
        #expect(json["last_attempt_at"] as? String == "2023-11-14T22:13:20Z")
    }
}
