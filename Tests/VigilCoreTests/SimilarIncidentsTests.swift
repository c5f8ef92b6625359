import Foundation
import Testing
@testable import VigilCore

/// Memory of past incidents: which resolved incidents look like the one at hand, why, and what they say.
@Suite struct SimilarIncidentsTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    func daysAgo(_ d: Double) -> Date { now.addingTimeInterval(-d * 86_400) }

    func summary(_ id: String, title: String, cause: String?, datasets: [String] = [], pipelines: [String] = [],
                 kind: IncidentKind? = .pipeline, opened: Double, took minutes: Double? = 45, how: IncidentResolution? = .fixed,
                 detected: String = "", extra: [TimelineEvent] = []) -> IncidentSummary {
        let opened = daysAgo(opened)
        let resolvedAt = minutes.map { opened.addingTimeInterval($0 * 60) }
        let incident = Incident(id: id, title: title, severity: .sev2, state: resolvedAt == nil ? .triggered : .resolved,
                                openedAt: opened, resolvedAt: resolvedAt, lead: "ana", affectedDatasets: datasets,
                                affectedPipelines: pipelines, causeKey: cause, kind: kind, resolution: resolvedAt == nil ? nil : how)
        var timeline = [TimelineEvent(incidentID: id, at: opened, kind: .detected, actor: "vigil", text: detected)]
        timeline += extra
        if let resolvedAt {
            timeline.append(TimelineEvent(incidentID: id, at: resolvedAt, kind: .resolved, actor: "ana",
                                          text: "resolved" + (how.map { " as \($0.rawValue)" } ?? "")))
        }
        return IncidentSummary(incident: incident, timeline: timeline, stepProgress: [])
    }

    @Test func sameCauseRanksFirstThenSharedDatasetsThenKindWithError() {
        let current = summary("INC-9", title: "raw.customers stale: customer_sync.push_to_crm failed (try 2/2)",
                              cause: "pipeline:af/customer_sync", datasets: ["raw.customers", "analytics.dim_customer"],
                              pipelines: ["af/customer_sync"], opened: 0, took: nil,
                              detected: "detected: raw.customers (tier 1) stale 2h; cause: customer_sync.push_to_crm failed 42m ago (try 2/2)")
        let sameCause = summary("INC-2", title: "raw.customers stale", cause: "pipeline:af/customer_sync",
                                datasets: ["raw.customers"], pipelines: ["af/customer_sync"], opened: 40, how: .upstream,
                                extra: [TimelineEvent(incidentID: "INC-2", at: daysAgo(40), kind: .note, actor: "ana", text: "CRM was down"),
                                        TimelineEvent(incidentID: "INC-2", at: daysAgo(40), kind: .stepDone, actor: "ana",
                                                      text: "step 1 done: Look at the lag")])
        let sharedDatasets = summary("INC-5", title: "2 datasets stale", cause: "pipeline:af/other",
                                     datasets: ["raw.customers", "analytics.dim_customer"], opened: 10)
        let sameTask = summary("INC-4", title: "customer_sync failing: push_to_crm failed", cause: "pipeline:af2/customer_sync",
                               opened: 20, detected: "detected: x; cause: customer_sync.push_to_crm failed 3m ago (try 1/1)")
        let kindOnly = summary("INC-6", title: "payments stale", cause: "pipeline:af/payments", datasets: ["raw.payments"], opened: 5)
        let kindAndError = summary("INC-7", title: "orders stale", cause: "pipeline:af/orders", opened: 6,
                                   detected: "detected: raw.orders; cause: orders.load failed 9m ago (try 3/3)")
        let stillOpen = summary("INC-8", title: "open one", cause: "pipeline:af/customer_sync", opened: 1, took: nil)

        let found = SimilarIncidents.rank(current, among: [kindOnly, sharedDatasets, sameCause, stillOpen, current, sameTask, kindAndError],
                                          limit: 5)
        #expect(found.map(\.id) == ["INC-2", "INC-4", "INC-5", "INC-7"])
        #expect(found[0].reasons == ["same cause pipeline", "1 shared dataset", "same kind"])
        #expect(found[1].reasons.first == "same failed task customer_sync.push_to_crm")
        #expect(found[2].reasonText == "2 shared datasets, same kind")
        #expect(found[3].reasons == ["same kind", "same error (failed)"])
        // What it says: how long, how it ended, notes and steps.
        #expect(abs((found[0].duration ?? 0) - 45 * 60) < 0.001)
        #expect(found[0].howText == "upstream")
        #expect(found[0].resolvedText == "resolved as upstream")
        #expect(found[0].notes == ["CRM was down"])
        #expect(found[0].steps == ["step 1 done: Look at the lag"])
        // The default is the top 3.
        #expect(SimilarIncidents.rank(current, among: [sameCause, sameTask, sharedDatasets, kindAndError]).count == 3)
    }

    @Test func errorClassDropsNamesAgesAndTries() {
        #expect(SimilarIncidents.errorClass("detected: x; cause: customer_sync.push_to_crm failed 42m ago (try 2/2); changed before: y") == "failed")
        #expect(SimilarIncidents.errorClass("detected: x; cause: orders is late (last run 3h ago)") == "is late")
        #expect(SimilarIncidents.errorClass("detected: x; no upstream cause found") == nil)
    }

    /// The names the former regular expression `([A-Za-z0-9_\-]+\.[A-Za-z0-9_.\-]+) failed` found, scanned instead.
    @Test func failedTasksAreTheDottedNamesJustBeforeFailed() {
        #expect(SimilarIncidents.failedTasks(in: "customer_sync.push_to_crm failed (try 2/2)") == ["customer_sync.push_to_crm"])
        #expect(SimilarIncidents.failedTasks(in: "a-b.c.d failed; x.y failed twice") == ["a-b.c.d", "x.y"])
        #expect(SimilarIncidents.failedTasks(in: "(dag.task failed)") == ["dag.task"])
        #expect(SimilarIncidents.failedTasks(in: "..dag.task failed") == ["dag.task"])
        // No dot, a trailing dot only, nothing before, or not "failed": nothing.
        #expect(SimilarIncidents.failedTasks(in: "orders failed").isEmpty)
        #expect(SimilarIncidents.failedTasks(in: "orders. failed").isEmpty)
        #expect(SimilarIncidents.failedTasks(in: " failed").isEmpty)
        #expect(SimilarIncidents.failedTasks(in: "dag.task is late").isEmpty)
        #expect(SimilarIncidents.failedTasks(in: "é.dag.task failed") == ["dag.task"])
    }
}
