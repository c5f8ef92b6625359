import Foundation
import VigilCore

/// The month before the demo's story, as the store would remember it: changes (new Airflow DAG versions, dbt manifest
/// changes on the Dagster side) and incidents, all resolved, so `vigil report` and standup's change failure rate and
/// alert precision have a believable month to count. Some incidents name the change before them as their cause,
/// most changes broke nothing; resolutions are mostly fixed, some upstream, some noise, one duplicate. Four postmortems
/// left action items (`actionItems`): at the start three are open, one of them overdue, and two are done.
/// Deterministic: a pure function of the seed and the start. Ids "INC-H1"… stay clear of the store's counter, so the
/// story's incidents keep their numbers. No change is in the last `quietDays` days (the story's own detection must not
/// name one), and every incident is resolved before the last `incidentFreeDays` (the panes show the story's alone).
struct DemoHistory: Sendable {
    let changes: [Change]
    let incidents: [(incident: Incident, timeline: [TimelineEvent])]
    /// Numbered per incident in this order; each made the day after its incident was resolved.
    let actionItems: [ActionItem]

    static let days = 30
    static let quietDays = 3
    static let incidentFreeDays = 9

    init(seed: UInt64, start: Date) {
        let hash = SeededHash(seed: seed, "history")
        let airflow = DemoCatalog.airflowPipelines.filter { !PipelineModel.scriptedIDs.contains($0.id) }
        let dagster = DemoCatalog.dagsterPipelines.filter { !PipelineModel.scriptedIDs.contains($0.id) }
        var changes: [Change] = []
        var versions: [String: Int] = [:]
        for day in (Self.quietDays...Self.days).reversed() {
            let h = hash.child(day)
            let dayStart = start.addingTimeInterval(-Double(day) * 86_400)
            for k in 0..<h.int(1, 2, 4) {
                // Working hours, mostly: 08:00–19:00 after the day's start.
                let at = dayStart.addingTimeInterval((h.range(UInt64(10 + k), 8, 19) * 3_600).rounded())
                if h.unit(UInt64(20 + k)) < 0.6 {
                    let p = h.pick(UInt64(30 + k), airflow)
                    let v = versions[p.id, default: 3 + h.int(UInt64(40 + k), 0, 5)] + 1
                    versions[p.id] = v
                    let bundle = String(h.bits(UInt64(50 + k)) & 0xFFFFFF, radix: 16)
                    let subject = LineageNode.pipeline(source: p.source, id: p.id).text
                    changes.append(Change(id: Change.id(source: p.source, kind: .dagVersion, subject: subject, ref: "\(v)"),
                                          at: at, source: p.source, kind: .dagVersion,
                                          title: "\(p.id) version \(v - 1) → \(v) (bundle \(bundle))", subjects: [subject],
                                          ref: "\(v)", author: h.pick(UInt64(60 + k), Self.people)))
                } else {
                    let p = h.pick(UInt64(30 + k), dagster)
                    let model = p.produces.isEmpty ? p.id : h.pick(UInt64(70 + k), p.produces)
                    let checksum = String(h.bits(UInt64(80 + k)) & 0xFFFFFFFF, radix: 16)
                    let subjects = [LineageNode.pipeline(source: p.source, id: p.id).text] + p.produces.map { LineageNode.dataset($0).text }
                    changes.append(Change(id: Change.id(source: p.source, kind: .dbtManifest, subject: model, ref: checksum),
                                          at: at, source: p.source, kind: .dbtManifest,
                                          title: "dbt manifest: \(model) changed (checksum \(checksum))", subjects: subjects,
                                          ref: checksum, author: h.pick(UInt64(60 + k), Self.people)))
                }
            }
        }
        changes.sort { ($0.at, $0.id) < ($1.at, $1.id) }
        self.changes = changes

        // About one incident every two days: every fourth change is followed by one that names it, the rest open on
        // their own (a vendor outage, a late file, a flaky check).
        var incidents: [(Incident, [TimelineEvent])] = []
        var n = 0
        let pipelines = airflow + dagster
        func add(_ h: SeededHash, opened: Date, pipeline p: PipelineSpec, cause: Change?, resolution: IncidentResolution?,
                 byHand: Bool = false) {
            n += 1
            let id = "INC-H\(n)"
            let who = h.pick(1, Self.people)
            let acked = opened.addingTimeInterval((h.range(2, 3, 25) * 60).rounded())
            let resolved = opened.addingTimeInterval((h.range(3, 0.6, 7) * 3_600).rounded())
            let dataset = p.produces.first
            let title: String
            switch resolution {
            case .upstream?: title = "\(p.id) failing: vendor API returning 5xx"
            case .noise?: title = "\(dataset ?? p.id) freshness warning during a planned backfill"
            case .duplicate?: title = "\(dataset ?? p.id) stale (again)"
            default: title = cause.map { _ in "\(p.id) failing after its last deploy" } ?? "\(p.id) failing: task error"
            }
            let node = LineageNode.pipeline(source: p.source, id: p.id)
            let incident = Incident(id: id, title: title, severity: h.pick(4, [.sev2, .sev3, .sev3, .sev4]), state: .resolved,
                                    openedAt: opened, resolvedAt: resolved, lead: who, affectedDatasets: dataset.map { [$0] } ?? [],
                                    affectedPipelines: ["\(p.source)/\(p.id)"],
                                    causeKey: byHand ? nil : node.text, signalAt: byHand ? nil : opened.addingTimeInterval(-(h.range(5, 5, 30) * 60).rounded()),
                                    kind: byHand ? nil : .pipeline, resolution: resolution, causeChangeID: cause?.id)
            var timeline = [TimelineEvent(incidentID: id, at: opened, kind: .detected, actor: byHand ? who : "vigil",
                                          text: cause.map { "\(p.id) failed; changed before the failure: \($0.title)" } ?? "\(p.id) failed.")]
            timeline.append(TimelineEvent(incidentID: id, at: acked, kind: .acknowledged, actor: who, text: "Acknowledged."))
            let note: String
            switch resolution {
            case .fixed?: note = cause == nil ? "Fixed the task and re-ran it." : "Rolled back the change and re-ran; fix merged."
            case .upstream?: note = "The vendor's outage; runs succeed again since it ended."
            case .noise?: note = "Nothing was wrong: the backfill was planned. Alert should not have fired."
            case .duplicate?: note = "Same cause as the incident opened just before."
            case nil: note = "Runs succeed again."
            }
            timeline.append(TimelineEvent(incidentID: id, at: resolved, kind: .resolved, actor: who,
                                          text: resolution.map { "Resolved as \($0.rawValue): \(note)" } ?? note))
            incidents.append((incident, timeline))
        }
        let latest = start.addingTimeInterval(-Double(Self.incidentFreeDays) * 86_400)
        for (k, change) in changes.enumerated() where k % 4 == 1 && change.at < latest.addingTimeInterval(-86_400) {
            let h = hash.child(1_000 + k)
            guard let p = pipelines.first(where: { change.subjects.contains(LineageNode.pipeline(source: $0.source, id: $0.id).text) }) else { continue }
            add(h, opened: change.at.addingTimeInterval((h.range(6, 0.5, 8) * 3_600).rounded()), pipeline: p, cause: change,
                resolution: .fixed)
        }
        for day in stride(from: Self.incidentFreeDays + 1, through: Self.days, by: 2) {
            let h = hash.child(2_000 + day)
            let opened = start.addingTimeInterval(-Double(day) * 86_400 + (h.range(7, 1, 22) * 3_600).rounded())
            // Mostly fixed, some upstream, some noise, one left unclassified (resolved before resolutions were asked).
            let cycle: [IncidentResolution?] = [.upstream, .fixed, .noise, .fixed, .upstream, nil, .fixed, .noise, .upstream, .fixed, .fixed]
            let resolution = cycle[((day - Self.incidentFreeDays - 1) / 2) % cycle.count]
            add(h, opened: opened, pipeline: h.pick(9, pipelines), cause: nil, resolution: resolution)
        }
        // One duplicate of the first incident, and one opened by hand.
        if let first = incidents.first?.0, let p = pipelines.first(where: { "\($0.source)/\($0.id)" == first.affectedPipelines.first }) {
            add(hash.child(3_000), opened: first.openedAt.addingTimeInterval(600), pipeline: p, cause: nil, resolution: .duplicate)
        }
        let byHand = hash.child(3_001)
        add(byHand, opened: start.addingTimeInterval(-12.5 * 86_400), pipeline: byHand.pick(9, pipelines), cause: nil,
            resolution: .fixed, byHand: true)
        incidents.append(Self.lastCRMOutage(id: "INC-H\(n + 1)", hash: hash.child(3_002), start: start))
        self.incidents = incidents.sorted { ($0.0.openedAt, $0.0.id) < ($1.0.openedAt, $1.0.id) }
        actionItems = Self.postmortemItems(incidents.map(\.0), start: start)
    }

    /// What the postmortems agreed: on the CRM outage, a maintenance calendar (done) and an earlier alert (due after
    /// the start); on the first incident a deploy caused, an import test in CI (overdue); on a vendor outage, retries
    /// with backoff (no due day); on a noisy alert, silencing planned backfills (done).
    static func postmortemItems(_ incidents: [Incident], start: Date) -> [ActionItem] {
        let day: TimeInterval = 86_400
        func midnight(_ date: Date) -> Date { Date(timeIntervalSince1970: (date.timeIntervalSince1970 / day).rounded(.down) * day) }
        var items: [ActionItem] = []
        func add(_ incident: Incident?, _ text: String, owner: String, due: Date?, doneAfter: Double? = nil) {
            guard let incident, let resolved = incident.resolvedAt else { return }
            let made = resolved.addingTimeInterval(day)
            let number = items.filter { $0.incidentID == incident.id }.count + 1
            items.append(ActionItem(incidentID: incident.id, number: number, text: text, owner: owner, due: due.map(midnight),
                                    createdAt: made, createdBy: incident.lead ?? owner,
                                    doneAt: doneAfter.map { made.addingTimeInterval($0 * day) }, doneBy: doneAfter.map { _ in owner }))
        }
        let crm = incidents.first { $0.title.hasPrefix("raw.customers stale") }
        add(crm, "Get the CRM team's maintenance calendar and a heads-up before each window", owner: "bob",
            due: crm?.resolvedAt?.addingTimeInterval(8 * day), doneAfter: 3)
        add(crm, "Alert on CRM API 5xx before customer_sync's retries run out", owner: "alice", due: start.addingTimeInterval(10 * day))
        let deployed = incidents.first { $0.causeChangeID != nil }
        add(deployed, "Import-test every DAG in CI before it deploys", owner: "carol",
            due: deployed?.resolvedAt?.addingTimeInterval(8 * day))
        add(incidents.first { $0.resolution == .upstream && $0.id != crm?.id },
            "Retry the vendor API with backoff instead of failing the task", owner: "dave", due: nil)
        let noisy = incidents.first { $0.resolution == .noise }
        add(noisy, "Silence freshness alerts on datasets under a planned backfill", owner: "alice",
            due: noisy?.resolvedAt?.addingTimeInterval(6 * day), doneAfter: 2)
        return items
    }

    static let people = ["alice", "bob", "carol", "dave"]

    /// Three weeks before the story the CRM went down once already: customer_sync failed, raw.customers went stale,
    /// bob walked the stale tier-1 runbook and resolved it as upstream. The story's incident (same cause pipeline,
    /// same datasets) finds it as its most similar past incident, with what was done then.
    static func lastCRMOutage(id: String, hash: SeededHash, start: Date) -> (Incident, [TimelineEvent]) {
        let opened = start.addingTimeInterval(-21 * 86_400 + (hash.range(1, 9, 15) * 3_600).rounded())
        func after(_ minutes: Double) -> Date { opened.addingTimeInterval(minutes * 60) }
        let runbook = DemoRunbooks.staleTier1
        let cause = LineageNode.pipeline(source: DemoCatalog.airflow, id: "customer_sync")
        let incident = Incident(id: id, title: "raw.customers stale: customer_sync failing", severity: .sev2, state: .resolved,
                                openedAt: opened, resolvedAt: after(134), lead: "bob",
                                affectedDatasets: ["raw.customers", "staging.stg_customers", "analytics.dim_customers"],
                                affectedPipelines: ["\(DemoCatalog.airflow)/customer_sync"], runbookID: runbook.id,
                                causeKey: cause.text, signalAt: after(-22), kind: .pipeline, resolution: .upstream)
        func step(_ i: Int, _ at: Double, done: Bool = true) -> TimelineEvent {
            TimelineEvent(incidentID: id, at: after(at), kind: done ? .stepDone : .stepSkipped, actor: "bob",
                          text: "Step \(i + 1) \(done ? "done" : "skipped"): \(runbook.steps[i].title)")
        }
        let timeline = [
            TimelineEvent(incidentID: id, at: opened, kind: .detected, actor: "vigil",
                          text: "Freshness error on tier-1 raw.customers; producer airflow-prod/customer_sync failing (push_to_crm: HTTP 503)."),
            TimelineEvent(incidentID: id, at: after(7), kind: .acknowledged, actor: "bob", text: "Acknowledged."),
            step(0, 9), step(1, 14),
            TimelineEvent(incidentID: id, at: after(19), kind: .note, actor: "bob",
                          text: "CRM API answers 503 to every call: their maintenance window ran over (status page). Nothing to fix on our side."),
            step(2, 21), step(3, 22, done: false),
            TimelineEvent(incidentID: id, at: after(118), kind: .note, actor: "bob", text: "CRM back at 11:40 their time; re-ran customer_sync by hand."),
            step(4, 120),
            TimelineEvent(incidentID: id, at: after(134), kind: .resolved, actor: "bob",
                          text: "Resolved as upstream: raw.customers loaded; downstream models caught up on their next runs."),
        ]
        return (incident, timeline)
    }
}
