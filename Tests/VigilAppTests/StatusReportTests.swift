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

    /// A source's error and note, and names in the reasons, are the sources' text: nothing that steers a terminal
    /// is printed (the collectors only turn controls into spaces; bidi and zero-width characters got through).
    @Test func textIsCleanedOfEscapesControlsAndBidi() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let hostile = "a\u{1B}[2Jb\u{1B}]52;c;cHduZWQ=\u{07}c\u{202E}d\u{2066}e\u{200B}f\u{9B}31mg\nh"
        let snapshot = PlatformSnapshot(
            now: now,
            sources: [SourceStatus(name: "af", kind: .airflow, health: .down, lastError: "HTTP 503 " + hostile, note: hostile)],
            datasets: [DatasetSummary(dataset: Dataset(name: "s3://x/\u{202E}gpj.exe", tier: 1,
                                                       policy: FreshnessPolicy(warnAfter: 60, errorAfter: 120), source: "af"),
                                      lastLoadedAt: now.addingTimeInterval(-1_000), lastObservedAt: now)])
        let (status, reasons) = OverallStatus.evaluate(snapshot)
        let text = StatusReport.text(snapshot, status: status, reasons: reasons)
        #expect(text.contains("- HTTP 503 abcdefg ⏎ h (note: abcdefg ⏎ h)"), "\(text)")
        #expect(text.contains("s3://x/gpj.exe"), "\(text)")
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || (0x80...0x9F).contains($0.value)
                || $0.value == 0x202E || $0.value == 0x2066 || $0.value == 0x200B }, "\(text.debugDescription)")
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
