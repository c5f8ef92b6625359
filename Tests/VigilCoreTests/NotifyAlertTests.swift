import Foundation
import Testing
@testable import VigilCore

/// An incident as an alert: stable labels Alertmanager accepts, annotations on-call reads, resolution with endsAt.
@Suite struct NotifyAlertTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    func ago(_ minutes: Double) -> Date { now.addingTimeInterval(-minutes * 60) }

    func snapshot(incident: Incident) -> PlatformSnapshot {
        let policy = FreshnessPolicy(warnAfter: 3_600, errorAfter: 7_200)
        let failed = TaskInstance(source: "af", pipelineID: "customer_sync", runID: "r1", taskID: "push_to_crm",
                                  state: .failed, tryNumber: 2, maxTries: 2, startedAt: ago(45), endedAt: ago(42))
        return PlatformSnapshot(
            now: now,
            pipelines: [PipelineSummary(pipeline: Pipeline(source: "af", pipelineID: "customer_sync", scheduleInterval: 3_600, tier: 1),
                                        recentRuns: [PipelineRun(source: "af", pipelineID: "customer_sync", runID: "r1", state: .failed,
                                                                 logicalDate: ago(50), startedAt: ago(50), endedAt: ago(42))],
                                        failedTasks: [failed])],
            datasets: [
                DatasetSummary(dataset: Dataset(name: "raw.customers", tier: 1, policy: policy, source: "wh"), lastLoadedAt: ago(130), lastObservedAt: now),
                DatasetSummary(dataset: Dataset(name: "analytics.fct_revenue", tier: 1, policy: policy, source: "wh"), lastLoadedAt: ago(10), lastObservedAt: now),
            ],
            lineage: [
                LineageEdge(upstream: .pipeline(source: "af", id: "customer_sync"), downstream: .dataset("raw.customers")),
                LineageEdge(upstream: .dataset("raw.customers"), downstream: .dataset("analytics.fct_revenue")),
            ],
            incidents: [IncidentSummary(incident: incident, timeline: [], stepProgress: [])],
            runbooks: [Runbook(id: "stale-tier1", title: "Stale tier-1 table",
                               steps: [RunbookStep(title: "Check the producer's last run", command: "vigil why {dataset}")])])
    }

    var incident: Incident {
        Incident(id: "INC-7", title: "raw.customers stale: customer_sync.push_to_crm failed (try 2/2)", severity: .sev2,
                 openedAt: ago(5), affectedDatasets: ["raw.customers"], affectedPipelines: ["af/customer_sync"],
                 runbookID: "stale-tier1", causeKey: "pipeline:af/customer_sync", signalAt: ago(10), kind: .pipeline)
    }

    @Test func firingAlertHasStableLabelsAndTheAnnotationsOnCallReads() throws {
        let alert = NotifyAlert.of(snapshot(incident: incident).incidents[0], in: snapshot(incident: incident), state: .firing,
                                   now: now, resendEvery: 60)
        #expect(alert.labels == [
            "alertname": "VigilIncident", "severity": "sev2", "incident_id": "INC-7", "kind": "pipeline", "tier": "1",
            "cause_pipeline": "af/customer_sync", "dataset": "raw.customers", "source": "af",
        ])
        #expect(alert.annotations["summary"] == incident.title)
        #expect(alert.annotations["command"] == "vigil incident show INC-7")
        #expect(alert.annotations["why"]?.contains("customer_sync.push_to_crm failed 42m ago (try 2/2) → raw.customers") == true)
        #expect(alert.annotations["blast_radius"] == "2 tier-1 datasets at risk; downstream: raw.customers (T1), analytics.fct_revenue (T1)")
        #expect(alert.annotations["runbook"] == "Stale tier-1 table")
        #expect(alert.annotations["runbook_first_step"] == "Check the producer's last run: vigil why {dataset}")
        // Signal start, and kept firing for 4 re-send periods.
        #expect(alert.startsAt == ago(10))
        #expect(alert.endsAt == now.addingTimeInterval(240))
        // Re-sent later: the same labels (Alertmanager's fingerprint), so it updates the same alert.
        let later = NotifyAlert.of(snapshot(incident: incident).incidents[0], in: snapshot(incident: incident), state: .firing,
                                   now: now.addingTimeInterval(60), resendEvery: 60)
        #expect(later.labels == alert.labels)
    }

    @Test func resolvedAlertEndsWhenTheIncidentWasResolved() {
        var resolved = incident
        resolved.state = .resolved
        resolved.resolvedAt = ago(1)
        let s = snapshot(incident: resolved)
        let alert = NotifyAlert.of(s.incidents[0], in: s, state: .resolved, now: now, resendEvery: 60)
        #expect(alert.endsAt == ago(1))
        #expect(alert.state == .resolved)
        let body = String(decoding: NotifyPayload.alertmanager([alert]), as: UTF8.self)
        #expect(body.hasPrefix("[{"))
        #expect(body.contains(#""endsAt":"2027-01-15T07:59:00.000Z""#))
    }

    /// Alertmanager rejects `labels: {}` and drops empty values; hostile text is cleaned (no escapes, one line).
    @Test func labelsAreCleanAndNeverEmpty() {
        var hostile = incident
        hostile.id = "INC-9\u{1b}]52;c;ZXZpbA==\u{07}"
        hostile.affectedDatasets = ["raw.\u{202e}customers\nx"]
        hostile.causeKey = nil
        hostile.affectedPipelines = []
        hostile.kind = nil
        let s = snapshot(incident: hostile)
        let alert = NotifyAlert.of(s.incidents[0], in: s, state: .firing, now: now, resendEvery: 60)
        #expect(alert.labels["incident_id"] == "INC-9")
        #expect(alert.labels["dataset"] == "raw.customers x")
        #expect(alert.labels["cause_pipeline"] == nil)
        #expect(alert.labels["kind"] == "manual")
        #expect(alert.labels.values.allSatisfy { !$0.isEmpty && TextSanitizer.isClean($0) })
        // Nothing known about the dataset: no tier label rather than an empty one.
        #expect(alert.labels["tier"] == nil && alert.labels["source"] == nil)
    }

    @Test func webhookBodyCarriesTheStatusAndNoEndForAFiringAlert() throws {
        let s = snapshot(incident: incident)
        let body = NotifyPayload.webhook(NotifyAlert.of(s.incidents[0], in: s, state: .firing, now: now, resendEvery: 60))
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(object["status"] as? String == "firing")
        let alert = try #require(object["alert"] as? [String: Any])
        #expect(alert["endsAt"] == nil)
        #expect((alert["labels"] as? [String: String])?["incident_id"] == "INC-7")
    }
}
