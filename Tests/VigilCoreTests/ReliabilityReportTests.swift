import Foundation
import Testing
@testable import VigilCore

/// The scorecard on a hand-computed two-week window: Monday 2026-11-02 00:00 UTC to Monday 2026-11-16 (ISO weeks
/// 45 and 46).
@Suite struct ReliabilityReportTests {
    static let from = Date(timeIntervalSince1970: 1_793_577_600)  // 2026-11-02T00:00:00Z, a Monday
    static let day: TimeInterval = 86_400
    static let to = from.addingTimeInterval(14 * day)

    func at(_ days: Double, _ seconds: TimeInterval = 0) -> Date { Self.from.addingTimeInterval(days * Self.day + seconds) }

    func incident(_ id: String, opened: Date, signal: TimeInterval? = nil, ack: TimeInterval? = nil,
                  resolved: TimeInterval? = nil, resolution: IncidentResolution? = nil, detected: Bool = true,
                  datasets: [String] = [], pipelines: [String] = [], cause: String? = nil) -> IncidentSummary {
        let resolvedAt = resolved.map { opened.addingTimeInterval($0) }
        let i = Incident(id: id, title: "\(id) title", severity: .sev2, state: resolvedAt == nil ? .triggered : .resolved,
                         openedAt: opened, resolvedAt: resolvedAt, affectedDatasets: datasets, affectedPipelines: pipelines,
                         causeKey: detected ? "dataset:x" : nil, signalAt: signal.map { opened.addingTimeInterval(-$0) },
                         kind: detected ? .freshness : nil, resolution: resolution, causeChangeID: cause)
        var timeline = [TimelineEvent(incidentID: id, at: opened, kind: .detected, actor: "vigil", text: "")]
        if let ack { timeline.append(TimelineEvent(incidentID: id, at: opened.addingTimeInterval(ack), kind: .acknowledged, actor: "ana", text: "")) }
        if let resolvedAt { timeline.append(TimelineEvent(incidentID: id, at: resolvedAt, kind: .resolved, actor: "ana", text: "")) }
        return IncidentSummary(incident: i, timeline: timeline, stepProgress: [])
    }

    func change(_ id: String, at: Date, subjects: [String]) -> Change {
        Change(id: id, at: at, source: "af", kind: .dagVersion, title: "\(id) deployed", subjects: subjects)
    }

    var inputs: ReliabilityInputs {
        let incidents = [
            // Opened before the window, resolved in it: belongs to the previous report.
            incident("INC-1", opened: Self.from.addingTimeInterval(-3_600), resolved: 7_200, resolution: .fixed, datasets: ["orders"]),
            // Tier 1, caused by c1: TTD 10m, TTA 5m, resolved in 2h as fixed.
            incident("INC-2", opened: at(1), signal: 600, ack: 300, resolved: 7_200, resolution: .fixed, datasets: ["orders"], cause: "c1"),
            // Tier 2: TTD 20m, TTA 15m, 4h, noise.
            incident("INC-3", opened: at(8), signal: 1_200, ack: 900, resolved: 14_400, resolution: .noise, datasets: ["clicks"]),
            // Tier 1 through its pipeline (bare id): 1h, resolved without a resolution.
            incident("INC-4", opened: at(9), resolved: 3_600, pipelines: ["load_orders"]),
            // Opened an hour before the end, resolved an hour after it: counted, still open at the end. No tier.
            incident("INC-5", opened: Self.to.addingTimeInterval(-3_600), signal: 300, resolved: 7_200, resolution: .fixed),
            // Opened by hand (not an alert), tier 2, 30m, duplicate.
            incident("INC-6", opened: at(10), resolved: 1_800, resolution: .duplicate, detected: false, datasets: ["clicks"]),
        ]
        let changes = [
            change("c0", at: at(-1), subjects: ["dataset:orders"]),  // before the window
            change("c1", at: at(1, -3_600), subjects: ["dataset:orders"]),
            change("c2", at: at(3), subjects: ["pipeline:af/load_orders"]),
            change("c3", at: at(8), subjects: ["dataset:clicks"]),
            change("c5", at: at(12), subjects: []),
        ]
        let datasets = [
            // 13 days fresh then 1 day in error.
            ReportDataset(name: "orders", tier: 1, target: 0.99, producedBy: "af/load_orders", intervals: [
                FreshnessInterval(start: at(0), end: at(13), state: .fresh),
                FreshnessInterval(start: at(13), end: at(14), state: .error),
            ]),
            // First seen on day 7: 6 days fresh, then nothing reported for its last day (unknown).
            ReportDataset(name: "clicks", tier: 2, target: 0.9, intervals: [
                FreshnessInterval(start: at(7), end: at(13), state: .fresh),
            ]),
        ]
        let runs = [
            ReportRunCount(pipeline: "af/load_orders", day: at(0), finished: 10, succeeded: 9),
            ReportRunCount(pipeline: "af/load_orders", day: at(8), finished: 4, succeeded: 2),
            ReportRunCount(pipeline: "af/clicks_ingest", day: at(1), finished: 5, succeeded: 5),
        ]
        let checks = [
            ReportCheckCount(dataset: "orders", day: at(2), results: 8, passed: 6),
            ReportCheckCount(dataset: "clicks", day: at(9), results: 2, passed: 2),
        ]
        return ReliabilityInputs(from: Self.from, to: Self.to, incidents: incidents, changes: changes, datasets: datasets,
                                 pipelineTiers: ["af/load_orders": 1, "af/clicks_ingest": 2], runs: runs, checks: checks)
    }

    func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-9 } ?? false }

    @Test func allTiersOverTheWindow() throws {
        let r = ReliabilityReport.compute(inputs)
        #expect(r.scopes.map(\.scope) == ["all", "tier1", "tier2", "tier3"])
        let f = r.all.total
        // INC-2…6: INC-1 opened before the window.
        #expect(f.incidents == 5)
        #expect(f.incidentsPerWeek == 2.5)
        #expect(close(f.incidentsPer30Days, 5.0 / 14 * 30))
        // TTD [300, 600, 1200]: p50 = rank 2, p90 = rank 3.
        #expect(f.ttdP50 == 600 && f.ttdP90 == 1_200)
        // TTA [300, 900].
        #expect(f.ttaP50 == 300 && f.ttaP90 == 900)
        // Resolved before the end: INC-2 7200, INC-3 14400, INC-4 3600, INC-6 1800 (INC-5 resolved after it).
        #expect(f.resolved == 4)
        #expect(f.mttrP50 == 3_600 && f.mttrP90 == 14_400)
        // Alerts: INC-2 fixed, INC-3 noise; INC-4 unclassified; INC-5 not resolved by the end; INC-6 opened by hand.
        #expect(f.alertsClassified == 2 && f.alertsActionable == 1 && f.alertsUnclassified == 1)
        #expect(f.alertPrecision == 0.5)
        // Changes c1, c2, c3, c5 in the window; c1 named by INC-2.
        #expect(f.changes == 4 && f.failedChanges == 1)
        #expect(f.changeFailureRate == 0.25)
        #expect(f.changesPerWeek == 2)
        // Freshness: good 13d + 6d over measured 14d + 7d; spent 1d + 1d over budgets 0.14d + 1.4d.
        #expect(f.datasetsMeasured == 2)
        #expect(close(f.freshnessAttainment, 19.0 / 21))
        #expect(close(f.errorBudgetSpent, 2 / 1.54))
        #expect(f.runsFinished == 19 && f.runsSucceeded == 16)
        #expect(close(f.pipelineSuccessRate, 16.0 / 19))
        #expect(f.checkResults == 10 && f.checksPassed == 8 && f.qualityPassRate == 0.8)
    }

    @Test func perTier() throws {
        let r = ReliabilityReport.compute(inputs)
        let t1 = try #require(r.scope(tier: 1)).total
        #expect(t1.incidents == 2)  // INC-2, INC-4
        #expect(t1.mttrP50 == 3_600 && t1.mttrP90 == 7_200)
        #expect(t1.alertPrecision == 1 && t1.alertsUnclassified == 1)
        #expect(t1.changes == 2 && t1.changeFailureRate == 0.5)
        #expect(close(t1.freshnessAttainment, 13.0 / 14))
        #expect(close(t1.errorBudgetSpent, 1 / 0.14))
        #expect(t1.runsFinished == 14 && close(t1.pipelineSuccessRate, 11.0 / 14))
        #expect(t1.qualityPassRate == 0.75)
        let t2 = try #require(r.scope(tier: 2)).total
        #expect(t2.incidents == 2)  // INC-3, INC-6
        #expect(t2.alertPrecision == 0 && t2.alertsClassified == 1)  // noise; INC-6 was opened by hand
        #expect(t2.changes == 1 && t2.changeFailureRate == 0)
        #expect(close(t2.freshnessAttainment, 6.0 / 7))
        #expect(t2.pipelineSuccessRate == 1)
        // Tier 3 has nothing: counts are 0 and every ratio and time is nil, not NaN.
        let t3 = try #require(r.scope(tier: 3)).total
        #expect(t3.incidents == 0 && t3.incidentsPerWeek == 0 && t3.changesPerWeek == 0)
        #expect(t3.mttrP50 == nil && t3.alertPrecision == nil && t3.changeFailureRate == nil)
        #expect(t3.freshnessAttainment == nil && t3.errorBudgetSpent == nil && t3.pipelineSuccessRate == nil && t3.qualityPassRate == nil)
    }

    @Test func weeks() throws {
        let r = ReliabilityReport.compute(inputs)
        let weeks = r.all.weeks
        #expect(weeks.map(\.label) == ["2026-W45", "2026-W46"])
        #expect(weeks[0].from == Self.from && weeks[0].to == at(7) && weeks[1].to == Self.to)
        #expect(weeks[0].figures.incidents == 1 && weeks[1].figures.incidents == 4)
        #expect(weeks[0].figures.changes == 2 && weeks[0].figures.changeFailureRate == 0.5)
        #expect(weeks[1].figures.changes == 2 && weeks[1].figures.changeFailureRate == 0)
        // Week 45: only orders measured, all fresh. Week 46: orders 6d good + 1d bad, clicks 6d good + 1d unknown.
        #expect(weeks[0].figures.freshnessAttainment == 1 && weeks[0].figures.errorBudgetSpent == 0)
        #expect(close(weeks[1].figures.freshnessAttainment, 12.0 / 14))
        #expect(weeks[0].figures.runsFinished == 15 && weeks[1].figures.runsFinished == 4)
        #expect(weeks[1].figures.pipelineSuccessRate == 0.5)
        // A window starting mid-week is clipped to it.
        let mid = ReliabilityReport.isoWeeks(from: at(2), to: at(9))
        #expect(mid.map(\.label) == ["2026-W45", "2026-W46"])
        #expect(mid[0].from == at(2) && mid[0].to == at(7) && mid[1].to == at(9))
    }

    @Test func topCostsAndActionItems() throws {
        let r = ReliabilityReport.compute(inputs)
        // orders spent 1d of a 0.14d budget; clicks 1d of 1.4d.
        #expect(r.topDatasets.map(\.name) == ["orders", "clicks"])
        #expect(r.topDatasets[0].spent == Self.day && close(r.topDatasets[0].shareOfBudget, 1 / 0.14))
        #expect(r.topPipelines.map(\.name) == ["af/load_orders"])
        #expect(r.topPipelines[0].tier == 1 && r.topPipelines[0].datasets == 1)
        // INC-5 still open at the end; INC-4 resolved without a resolution.
        #expect(r.actionItems.map(\.incidentID) == ["INC-5", "INC-4"])
        #expect(r.actionItems.map(\.kind) == [.open, .classify])
        #expect(r.actionItems[1].tier == 1 && r.actionItems[0].tier == nil)
    }

    /// Postmortem action items open at the window's end (Mon 2026-11-16 00:00), hand-ordered: overdue first (by due
    /// day), then the rest (by due day, none last), then the incidents still open and those to classify.
    @Test func postmortemItemsAgainstTheWindowsEnd() throws {
        let i = inputs
        func incident(_ id: String) -> Incident { i.incidents.first { $0.id == id }!.incident }
        let day = { (text: String) in ActionItem.dueDay(parsing: text)! }
        func item(_ id: String, _ n: Int, due: String?, made: Date = Self.from, done: Date? = nil) -> IncidentActionItem {
            IncidentActionItem(item: ActionItem(incidentID: id, number: n, text: "\(id) #\(n)", owner: n == 1 ? "bob" : nil,
                                                due: due.map(day), createdAt: made, createdBy: "ana", doneAt: done, doneBy: done.map { _ in "ana" }),
                               incident: incident(id))
        }
        var withItems = i
        withItems.actionItems = [
            // Due Sunday 11-15: that day ended exactly at the window's end, so it is overdue.
            item("INC-2", 1, due: "2026-11-15"),
            // Due Monday 11-16, the end's own day: not overdue yet.
            item("INC-2", 2, due: "2026-11-16"),
            // Done an hour before the end: left out.
            item("INC-3", 1, due: "2026-11-03", done: Self.to.addingTimeInterval(-3_600)),
            // Done at the end itself: done by then, left out.
            item("INC-3", 3, due: "2026-11-10", done: Self.to),
            // Done a second after the end: still open at it, and overdue since 11-11.
            item("INC-3", 2, due: "2026-11-10", done: Self.to.addingTimeInterval(1)),
            // Made after the end: left out.
            item("INC-6", 1, due: "2026-11-01", made: Self.to.addingTimeInterval(3_600)),
            // No due day: never overdue, last of the items.
            item("INC-4", 1, due: nil),
        ]
        let r = ReliabilityReport.compute(withItems)
        let items = r.actionItems.filter { $0.kind == .postmortem }
        #expect(items.map(\.text) == ["INC-3 #2", "INC-2 #1", "INC-2 #2", "INC-4 #1"])
        #expect(items.map(\.overdue) == [true, true, false, false])
        #expect(items.map(\.number) == [2, 1, 2, 1])
        // The incident's severity, title and tier come with it (INC-4 is tier 1 through its pipeline, INC-3 tier 2).
        #expect(items.map(\.tier) == [2, 1, 1, 1])
        #expect(items[1].owner == "bob" && items[1].due == day("2026-11-15") && items[1].title == "INC-2 title")
        // Then the incidents still open at the end and those to classify, as before; other kinds are never overdue.
        #expect(r.actionItems.dropFirst(4).map(\.kind) == [.open, .classify])
        #expect(r.actionItems.dropFirst(4).allSatisfy { !$0.overdue && $0.number == nil })
        // Pure: the same inputs, the same report.
        #expect(ReliabilityReport.compute(withItems) == r)
    }

    @Test func emptyMonthHasNoFigures() throws {
        let to = Self.from.addingTimeInterval(30 * Self.day)
        let r = ReliabilityReport.compute(ReliabilityInputs(from: Self.from, to: to))
        #expect(r.all.weeks.count == 5)  // W45 … W49 (Mon 2026-11-30 to Wed 2026-12-02)
        for scope in r.scopes {
            for f in [scope.total] + scope.weeks.map(\.figures) {
                #expect(f.incidents == 0 && f.changes == 0)
                #expect(f.ttdP50 == nil && f.ttaP90 == nil && f.mttrP50 == nil)
                #expect(f.freshnessAttainment == nil && f.errorBudgetSpent == nil)
                #expect(f.pipelineSuccessRate == nil && f.qualityPassRate == nil)
                #expect(f.changeFailureRate == nil && f.alertPrecision == nil)
            }
        }
        #expect(r.topDatasets.isEmpty && r.topPipelines.isEmpty && r.actionItems.isEmpty)
        // A window of no length has no rates at all.
        let none = ReliabilityReport.compute(ReliabilityInputs(from: Self.from, to: Self.from))
        #expect(none.all.weeks.isEmpty && none.all.total.incidentsPerWeek == nil && none.all.total.changesPerWeek == nil)
    }

    @Test func incidentFiguresForStandup() {
        let i = inputs
        // Last 7 days of the window: INC-3 … INC-6, changes c3 and c5.
        let f = ReliabilityReport.incidentFigures(incidents: i.incidents, changes: i.changes, from: at(7), to: Self.to)
        #expect(f.incidents == 4 && f.changes == 2 && f.changeFailureRate == 0)
        #expect(f.alertsClassified == 1 && f.alertPrecision == 0 && f.alertsUnclassified == 1)
        // All 14 days: c1 failed of 4.
        let all = ReliabilityReport.incidentFigures(incidents: i.incidents, changes: i.changes, from: Self.from, to: Self.to)
        #expect(all.changeFailureRate == 0.25 && all.alertPrecision == 0.5)
    }
}
