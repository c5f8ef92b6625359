import Foundation
import VigilCore

/// The incidents the demo plays: yesterday's resolved one, an open low-severity one, and the story.
extension DemoStory {
    /// `hubspotDetected`: when exports.hubspot_contacts crossed warn_after in the simulated world.
    func incidents(hubspotDetected: Date) -> [ScriptedIncident] {
        [stripeSlowIncident, hubspotIncident(detected: hubspotDetected), customersIncident]
    }

    var stripeSlowIncident: ScriptedIncident {
        let open = stripeSlow.lowerBound.addingTimeInterval(50 * 60)
        return ScriptedIncident(
            key: "stripe-slow", title: "ingest_stripe_charges running ~3x slower than usual", severity: .sev3,
            affectedDatasets: ["raw.stripe_charges", "raw.stripe_refunds"],
            affectedPipelines: ["\(DemoCatalog.airflow)/ingest_stripe_charges"], runbookID: nil,
            events: [
                ScriptedEvent(at: open, kind: .detected, actor: "vigil",
                              text: "Run duration of ingest_stripe_charges above its p95 for two consecutive runs (about 3x usual)."),
                ScriptedEvent(at: open.addingTimeInterval(6 * 60), kind: .acknowledged, actor: "bob", text: "Acknowledged.",
                              state: .acknowledged, lead: "bob"),
                ScriptedEvent(at: open.addingTimeInterval(20 * 60), kind: .note, actor: "bob",
                              text: "Stripe API latency elevated (status page: degraded performance). Runs complete, just slow; raw.stripe_charges still within freshness."),
                ScriptedEvent(at: stripeSlow.upperBound.addingTimeInterval(20 * 60), kind: .resolved, actor: "bob",
                              text: "Stripe latency back to normal; the last run took its usual time.", state: .resolved),
            ])
    }

    func hubspotIncident(detected: Date) -> ScriptedIncident {
        func after(_ m: Double) -> Date { detected.addingTimeInterval(m * 60) }
        return ScriptedIncident(
            key: "hubspot-lag", title: "exports.hubspot_contacts lagging: HubSpot API quota exhausted", severity: .sev4,
            affectedDatasets: ["exports.hubspot_contacts"],
            affectedPipelines: ["\(DemoCatalog.airflow)/reverse_etl_hubspot"], runbookID: DemoRunbooks.failingDagTask.id,
            events: [
                ScriptedEvent(at: detected, kind: .detected, actor: "vigil",
                              text: "Freshness warn on tier-3 exports.hubspot_contacts; producer reverse_etl_hubspot failing (push_to_hubspot: HTTP 429, daily quota)."),
                ScriptedEvent(at: after(10), kind: .acknowledged, actor: "carol", text: "Acknowledged.",
                              state: .acknowledged, lead: "carol"),
                ScriptedEvent(at: after(15), kind: .note, actor: "carol",
                              text: "Yesterday's contact backfill used up the HubSpot daily API quota. It resets at 00:00 UTC; tier-3, leaving it until then."),
                ScriptedEvent(at: after(17), kind: .stepDone, actor: "carol", text: "Step 1 done: Read the error of the last try",
                              step: ScriptedStep(index: 0, status: .done, note: nil)),
                ScriptedEvent(at: after(18), kind: .stepDone, actor: "carol", text: "Step 2 done: Classify: transient or deterministic",
                              step: ScriptedStep(index: 1, status: .done, note: "Transient: quota, not code.")),
            ])
    }

    var customersIncident: ScriptedIncident {
        let steps = DemoRunbooks.staleTier1.steps
        func stepText(_ i: Int, _ verb: String) -> String { "Step \(i + 1) \(verb): \(steps[i].title)" }
        let firstFailedRun = at(-60)
        return ScriptedIncident(
            key: "customers-stale", causeKey: LineageNode.pipeline(source: DemoCatalog.airflow, id: "customer_sync").text,
            title: "raw.customers stale: customer_sync failing", severity: .sev2,
            affectedDatasets: ["raw.customers", "staging.stg_customers", "analytics.dim_customers", "analytics.fct_revenue"],
            affectedPipelines: ["\(DemoCatalog.airflow)/customer_sync"], runbookID: DemoRunbooks.staleTier1.id,
            events: [
                ScriptedEvent(at: incidentOpened, kind: .detected, actor: "vigil",
                              text: "Freshness error on tier-1 raw.customers: last loaded \(UTCText.clock(lastGoodLoad)), over error_after 2h. Producer airflow-prod/customer_sync failing since the \(UTCText.clock(firstFailedRun)) run (push_to_crm: HTTP 503)."),
                ScriptedEvent(at: at(4), kind: .acknowledged, actor: "alice", text: "Acknowledged, looking at customer_sync.",
                              state: .acknowledged, lead: "alice"),
                ScriptedEvent(at: at(6), kind: .note, actor: "alice",
                              text: "push_to_crm fails on both tries with 503 from the CRM API since the \(UTCText.clock(firstFailedRun)) run. Vendor status page reports a partial outage."),
                ScriptedEvent(at: at(8), kind: .stepDone, actor: "alice", text: stepText(0, "done"),
                              step: ScriptedStep(index: 0, status: .done, note: "stg_customers, dim_customers and fct_revenue are downstream.")),
                ScriptedEvent(at: at(12), kind: .stepDone, actor: "alice", text: stepText(1, "done"),
                              step: ScriptedStep(index: 1, status: .done, note: "Every run since \(UTCText.clock(firstFailedRun)) fails at push_to_crm, try 2/2.")),
                ScriptedEvent(at: at(16), kind: .stepDone, actor: "alice", text: stepText(2, "done"),
                              step: ScriptedStep(index: 2, status: .done, note: "CRM API returns 503 for every request: the vendor's outage, not a schema change.")),
                ScriptedEvent(at: at(17), kind: .stepSkipped, actor: "alice", text: stepText(3, "skipped"),
                              step: ScriptedStep(index: 3, status: .skipped, note: "Every run fails before the load, so no new rows can be there.")),
                ScriptedEvent(at: crmFixed, kind: .note, actor: "alice", text: "CRM API back; re-ran customer_sync"),
                ScriptedEvent(at: at(48), kind: .stepDone, actor: "alice", text: stepText(4, "done"),
                              step: ScriptedStep(index: 4, status: .done, note: "Manual run triggered at \(UTCText.clock(manualRerun)).")),
                ScriptedEvent(at: at(50), kind: .mitigated, actor: "alice",
                              text: "Manual customer_sync run succeeded and raw.customers loaded; waiting for downstream models.",
                              state: .mitigated),
                ScriptedEvent(at: incidentResolved.addingTimeInterval(-30), kind: .stepDone, actor: "alice", text: stepText(5, "done"),
                              step: ScriptedStep(index: 5, status: .done, note: nil)),
                ScriptedEvent(at: incidentResolved.addingTimeInterval(-15), kind: .stepDone, actor: "alice", text: stepText(6, "done"),
                              step: ScriptedStep(index: 6, status: .done, note: "Summary posted in #data-incidents.")),
                ScriptedEvent(at: incidentResolved, kind: .resolved, actor: "alice",
                              text: "raw.customers fresh again; downstream models pick it up on their next runs. Follow-up: alert on CRM 5xx before loads go stale.",
                              state: .resolved),
            ])
    }
}
