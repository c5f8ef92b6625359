import Foundation

/// One dataset as the scorecard sees it: its tier, its freshness target, who produces it, and its freshness intervals
/// overlapping the window (oldest first).
public struct ReportDataset: Sendable, Equatable {
    public var name: String
    public var tier: Int
    /// The dataset's freshness target (`Dataset.effectiveObjective.target`); the window is the report's.
    public var target: Double
    /// The producing pipeline as "SOURCE/ID" (or the bare id when its source is unknown), when known.
    public var producedBy: String?
    public var intervals: [FreshnessInterval]

    public init(name: String, tier: Int, target: Double, producedBy: String? = nil, intervals: [FreshnessInterval]) {
        self.name = name
        self.tier = tier
        self.target = target
        self.producedBy = producedBy
        self.intervals = intervals
    }
}

/// Finished runs of one pipeline on one UTC day (the store groups them so a month of runs is a few rows a pipeline).
public struct ReportRunCount: Sendable, Equatable {
    /// "SOURCE/ID".
    public var pipeline: String
    /// Start of the UTC day the runs ended on.
    public var day: Date
    /// Runs that ended that day as success, failed or upstream failed (skipped runs count as neither, as in
    /// `PipelineStats`), and how many of them succeeded.
    public var finished: Int
    public var succeeded: Int

    public init(pipeline: String, day: Date, finished: Int, succeeded: Int) {
        self.pipeline = pipeline
        self.day = day
        self.finished = finished
        self.succeeded = succeeded
    }
}

/// Check results of one dataset on one UTC day.
public struct ReportCheckCount: Sendable, Equatable {
    public var dataset: String
    public var day: Date
    /// All results, and those in state `pass` (the rule of the datasets' stored pass rates: warn, fail and error are
    /// not passes).
    public var results: Int
    public var passed: Int

    public init(dataset: String, day: Date, results: Int, passed: Int) {
        self.dataset = dataset
        self.day = day
        self.results = results
        self.passed = passed
    }
}

/// A postmortem action item with the incident it follows up (the scorecard names the incident's severity and tier).
public struct IncidentActionItem: Sendable, Equatable {
    public var item: ActionItem
    public var incident: Incident

    public init(item: ActionItem, incident: Incident) {
        self.item = item
        self.incident = incident
    }
}

/// Everything the scorecard is computed from, for the window [from, to).
public struct ReliabilityInputs: Sendable, Equatable {
    public var from: Date
    public var to: Date
    /// Incidents opened in [from, to), with their timelines.
    public var incidents: [IncidentSummary]
    /// Changes made in [from, to).
    public var changes: [Change]
    public var datasets: [ReportDataset]
    /// Each pipeline's tier ("SOURCE/ID" → tier, as `PipelineTier.inherited` gives it); pipelines without one are in
    /// "all" only.
    public var pipelineTiers: [String: Int]
    public var runs: [ReportRunCount]
    public var checks: [ReportCheckCount]
    /// Postmortem action items open at the window's end (made before it, not done by then), of any incident however
    /// old: follow-ups outlive the window their incident was opened in. Items done by the end, or made after it, are
    /// left out of the report.
    public var actionItems: [IncidentActionItem]

    public init(from: Date, to: Date, incidents: [IncidentSummary] = [], changes: [Change] = [],
                datasets: [ReportDataset] = [], pipelineTiers: [String: Int] = [:], runs: [ReportRunCount] = [],
                checks: [ReportCheckCount] = [], actionItems: [IncidentActionItem] = []) {
        self.from = from
        self.to = to
        self.incidents = incidents
        self.changes = changes
        self.datasets = datasets
        self.pipelineTiers = pipelineTiers
        self.runs = runs
        self.checks = checks
        self.actionItems = actionItems
    }
}

/// The scorecard's figures for one scope (a tier or all) over one span (the window or one ISO week of it).
/// Every ratio and percentile is nil when there is nothing to take it over (renderers show "—"), never NaN.
///
/// How things count (also in README, "vigil report"):
///   * An incident belongs to the span it was **opened** in. One opened before the span and resolved in it is not
///     counted again; one opened in it and still open at its end counts in `incidents` and not in the times.
///   * Times use only what had happened by the span's end: TTD (signal → opened) over incidents with a known signal
///     start; TTA (opened → first acknowledgement) over those acknowledged before the end; MTTR (opened → resolved)
///     over those resolved before the end. p50/p90 are nearest-rank (`PipelineStats.percentile`).
///   * Incident rate: incidents / span length in weeks, and per 30 days.
///   * An incident's tier is the most critical tier of the datasets and pipelines it lists; one listing none with a
///     tier is in "all" only. A change's tier is likewise that of its subjects.
///   * Freshness: each dataset's `FreshnessSLOReport` over the span (its target, the span as window); attainment is
///     good time over measured time summed over the scope's datasets, error budget spent is budget spent (bad and
///     unknown time) over the budget (1 − target) × span, summed likewise. Datasets never observed in the span are
///     left out.
///   * Pipeline success rate: runs that ended in the span; data quality pass rate: check results in the span.
///   * Change failure rate: changes made in the span that an incident opened in the report's window names as its
///     cause (`Incident.causeChangeID`), over all changes made in the span. Deployment frequency: changes per week.
///   * Alert precision: of the incidents detection opened (`causeKey` set) that were resolved before the end with a
///     resolution, the share resolved as fixed or upstream. Resolved ones without a resolution are `unclassified`,
///     outside the ratio.
public struct ReliabilityFigures: Codable, Sendable, Equatable {
    public var incidents: Int = 0
    public var incidentsPerWeek: Double?
    public var incidentsPer30Days: Double?
    public var resolved: Int = 0
    public var ttdP50: TimeInterval?
    public var ttdP90: TimeInterval?
    public var ttaP50: TimeInterval?
    public var ttaP90: TimeInterval?
    public var mttrP50: TimeInterval?
    public var mttrP90: TimeInterval?
    public var datasetsMeasured: Int = 0
    public var freshnessAttainment: Double?
    /// Share of the error budget spent (1 = all of it, above 1 = overspent).
    public var errorBudgetSpent: Double?
    public var runsFinished: Int = 0
    public var runsSucceeded: Int = 0
    public var pipelineSuccessRate: Double?
    public var checkResults: Int = 0
    public var checksPassed: Int = 0
    public var qualityPassRate: Double?
    public var changes: Int = 0
    public var failedChanges: Int = 0
    public var changeFailureRate: Double?
    public var changesPerWeek: Double?
    /// Detection-opened incidents resolved with a resolution, the actionable ones (fixed, upstream), and those resolved
    /// without one.
    public var alertsClassified: Int = 0
    public var alertsActionable: Int = 0
    public var alertsUnclassified: Int = 0
    public var alertPrecision: Double?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case incidents, incidentsPerWeek, incidentsPer30Days, resolved, ttdP50, ttdP90, ttaP50, ttaP90, mttrP50, mttrP90
        case datasetsMeasured, freshnessAttainment, errorBudgetSpent, runsFinished, runsSucceeded, pipelineSuccessRate
        case checkResults, checksPassed, qualityPassRate, changes, failedChanges, changeFailureRate, changesPerWeek
        case alertsClassified, alertsActionable, alertsUnclassified, alertPrecision
    }

    /// Every key always present (null when there is no figure), so other tools see a stable shape.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(incidents, forKey: .incidents)
        try c.encode(incidentsPerWeek, forKey: .incidentsPerWeek)
        try c.encode(incidentsPer30Days, forKey: .incidentsPer30Days)
        try c.encode(resolved, forKey: .resolved)
        try c.encode(ttdP50, forKey: .ttdP50)
        try c.encode(ttdP90, forKey: .ttdP90)
        try c.encode(ttaP50, forKey: .ttaP50)
        try c.encode(ttaP90, forKey: .ttaP90)
        try c.encode(mttrP50, forKey: .mttrP50)
        try c.encode(mttrP90, forKey: .mttrP90)
        try c.encode(datasetsMeasured, forKey: .datasetsMeasured)
        try c.encode(freshnessAttainment, forKey: .freshnessAttainment)
        try c.encode(errorBudgetSpent, forKey: .errorBudgetSpent)
        try c.encode(runsFinished, forKey: .runsFinished)
        try c.encode(runsSucceeded, forKey: .runsSucceeded)
        try c.encode(pipelineSuccessRate, forKey: .pipelineSuccessRate)
        try c.encode(checkResults, forKey: .checkResults)
        try c.encode(checksPassed, forKey: .checksPassed)
        try c.encode(qualityPassRate, forKey: .qualityPassRate)
        try c.encode(changes, forKey: .changes)
        try c.encode(failedChanges, forKey: .failedChanges)
        try c.encode(changeFailureRate, forKey: .changeFailureRate)
        try c.encode(changesPerWeek, forKey: .changesPerWeek)
        try c.encode(alertsClassified, forKey: .alertsClassified)
        try c.encode(alertsActionable, forKey: .alertsActionable)
        try c.encode(alertsUnclassified, forKey: .alertsUnclassified)
        try c.encode(alertPrecision, forKey: .alertPrecision)
    }
}

/// A span of the window: the whole of it, or one ISO week (Monday 00:00 UTC) clipped to it.
public struct ReportWeek: Codable, Sendable, Equatable {
    /// "2026-W48".
    public var label: String
    public var from: Date
    public var to: Date
    public var figures: ReliabilityFigures

    public init(label: String, from: Date, to: Date, figures: ReliabilityFigures) {
        self.label = label
        self.from = from
        self.to = to
        self.figures = figures
    }
}

/// The figures of one scope: the window's total and each ISO week's.
public struct ReportScope: Codable, Sendable, Equatable {
    /// "all", "tier1", "tier2", …
    public var scope: String
    /// The tier, nil for "all".
    public var tier: Int?
    public var total: ReliabilityFigures
    public var weeks: [ReportWeek]

    public init(scope: String, tier: Int?, total: ReliabilityFigures, weeks: [ReportWeek]) {
        self.scope = scope
        self.tier = tier
        self.total = total
        self.weeks = weeks
    }

    enum CodingKeys: String, CodingKey { case scope, tier, total, weeks }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scope, forKey: .scope)
        try c.encode(tier, forKey: .tier)
        try c.encode(total, forKey: .total)
        try c.encode(weeks, forKey: .weeks)
    }
}

/// What cost the most error budget in the window: a dataset, or a pipeline (the budget of the datasets it produces).
public struct BudgetCost: Codable, Sendable, Equatable {
    /// Dataset name, or pipeline "SOURCE/ID". Untrusted: escaped by renderers.
    public var name: String
    public var tier: Int?
    /// Budget spent (bad and unknown time), seconds.
    public var spent: TimeInterval
    /// Share of its budget spent (for a pipeline: of its datasets' budgets together); nil with no budget.
    public var shareOfBudget: Double?
    /// Datasets behind the figure (1 for a dataset).
    public var datasets: Int

    public init(name: String, tier: Int?, spent: TimeInterval, shareOfBudget: Double?, datasets: Int) {
        self.name = name
        self.tier = tier
        self.spent = spent
        self.shareOfBudget = shareOfBudget
        self.datasets = datasets
    }

    enum CodingKeys: String, CodingKey { case name, tier, spent, shareOfBudget, datasets }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(tier, forKey: .tier)
        try c.encode(spent, forKey: .spent)
        try c.encode(shareOfBudget, forKey: .shareOfBudget)
        try c.encode(datasets, forKey: .datasets)
    }
}

/// Follow-up to review: the postmortem action items open at the window's end (of any incident), then the window's
/// incidents still open at its end, and those resolved without a resolution (alert precision cannot count them until
/// classified).
public struct ReportActionItem: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// A postmortem action item not done by the window's end (`number`, `text`, `owner`, `due`, `overdue` say which).
        case postmortem
        /// Still open at the window's end.
        case open
        /// Resolved without a resolution: `vigil incident resolve ID --as …`.
        case classify
    }

    public var incidentID: String
    /// The incident's title. Untrusted.
    public var title: String
    public var severity: Severity
    public var tier: Int?
    public var kind: Kind
    public var openedAt: Date
    /// A postmortem item's number within its incident, text (untrusted), owner (untrusted) and due day; nil for the
    /// other kinds.
    public var number: Int?
    public var text: String?
    public var owner: String?
    public var due: Date?
    /// A postmortem item whose due day had ended by the window's end (`ActionItem.isOverdue(at:)`).
    public var overdue: Bool

    public init(incidentID: String, title: String, severity: Severity, tier: Int?, kind: Kind, openedAt: Date,
                number: Int? = nil, text: String? = nil, owner: String? = nil, due: Date? = nil, overdue: Bool = false) {
        self.incidentID = incidentID
        self.title = title
        self.severity = severity
        self.tier = tier
        self.kind = kind
        self.openedAt = openedAt
        self.number = number
        self.text = text
        self.owner = owner
        self.due = due
        self.overdue = overdue
    }

    enum CodingKeys: String, CodingKey { case incidentID, title, severity, tier, kind, openedAt, number, text, owner, due, overdue }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(incidentID, forKey: .incidentID)
        try c.encode(title, forKey: .title)
        try c.encode(severity, forKey: .severity)
        try c.encode(tier, forKey: .tier)
        try c.encode(kind, forKey: .kind)
        try c.encode(openedAt, forKey: .openedAt)
        try c.encode(number, forKey: .number)
        try c.encode(text, forKey: .text)
        try c.encode(owner, forKey: .owner)
        try c.encode(due, forKey: .due)
        try c.encode(overdue, forKey: .overdue)
    }
}

/// The monthly DataOps scorecard of the window [from, to): figures per tier (1, 2, 3, any other found, and all), each
/// in total and per ISO week; the datasets and pipelines that cost the most error budget; open follow-ups (postmortem
/// action items, open and unclassified incidents).
/// Pure: everything comes from `ReliabilityInputs`.
public struct ReliabilityReport: Codable, Sendable, Equatable {
    public var from: Date
    public var to: Date
    /// "all" first, then tier 1, 2, 3 (always, empty or not), then any other tier found.
    public var scopes: [ReportScope]
    /// At most `topCount`, largest share of their budget spent first (then most time spent, then name); only those
    /// that spent some budget.
    public var topDatasets: [BudgetCost]
    public var topPipelines: [BudgetCost]
    public var actionItems: [ReportActionItem]

    public static let topCount = 5

    public var all: ReportScope { scopes[0] }

    public func scope(tier: Int?) -> ReportScope? { scopes.first { $0.tier == tier } }

    public static func compute(_ inputs: ReliabilityInputs) -> ReliabilityReport {
        let ctx = Context(inputs)
        let weeks = isoWeeks(from: inputs.from, to: inputs.to)
        let tiers = Set([1, 2, 3]).union(inputs.datasets.map(\.tier)).union(inputs.pipelineTiers.values).sorted()
        var scopes: [ReportScope] = []
        for tier in [nil] + tiers.map(Optional.some) {
            let total = ctx.figures(tier: tier, from: inputs.from, to: inputs.to)
            let weekly = weeks.map { w in
                ReportWeek(label: w.label, from: w.from, to: w.to, figures: ctx.figures(tier: tier, from: w.from, to: w.to))
            }
            scopes.append(ReportScope(scope: tier.map { "tier\($0)" } ?? "all", tier: tier, total: total, weeks: weekly))
        }
        let (datasets, pipelines) = ctx.budgetCosts()
        return ReliabilityReport(from: inputs.from, to: inputs.to, scopes: scopes, topDatasets: datasets,
                                 topPipelines: pipelines, actionItems: ctx.actionItems())
    }

    /// Only the incident and change figures (change failure rate, alert precision, incident counts and times) of
    /// [from, to) for all tiers: what the standup page shows, cheap enough for every snapshot.
    public static func incidentFigures(incidents: [IncidentSummary], changes: [Change], from: Date, to: Date) -> ReliabilityFigures {
        let inWindow = incidents.filter { $0.incident.openedAt >= from && $0.incident.openedAt < to }
        let made = changes.filter { $0.at >= from && $0.at < to }
        let ctx = Context(ReliabilityInputs(from: from, to: to, incidents: inWindow, changes: made))
        return ctx.figures(tier: nil, from: from, to: to)
    }

    /// ISO weeks (Monday 00:00 UTC) overlapping [from, to), each clipped to it.
    public static func isoWeeks(from: Date, to: Date) -> [(label: String, from: Date, to: Date)] {
        guard to > from else { return [] }
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var out: [(String, Date, Date)] = []
        var start = from
        while start < to {
            guard let week = calendar.dateInterval(of: .weekOfYear, for: start) else { break }
            let end = min(week.end, to)
            let c = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: start)
            out.append((String(format: "%04d-W%02d", c.yearForWeekOfYear ?? 0, c.weekOfYear ?? 0), start, end))
            start = end
        }
        return out
    }

    /// Lookups shared by every scope and span.
    struct Context {
        let inputs: ReliabilityInputs
        let datasetTier: [String: Int]
        /// Change ids named as a cause by an incident opened in the window.
        let causes: Set<String>

        init(_ inputs: ReliabilityInputs) {
            self.inputs = inputs
            datasetTier = Dictionary(inputs.datasets.map { ($0.name, $0.tier) }, uniquingKeysWith: { Swift.min($0, $1) })
            causes = Set(inputs.incidents.compactMap(\.incident.causeChangeID))
        }

        /// "SOURCE/ID", or a bare id matched against the pipelines' ids.
        func pipelineTier(_ ref: String) -> Int? {
            if let t = inputs.pipelineTiers[ref] { return t }
            guard !ref.contains("/") else { return nil }
            return inputs.pipelineTiers.filter { $0.key.hasSuffix("/" + ref) }.values.min()
        }

        func tier(of incident: Incident) -> Int? {
            (incident.affectedDatasets.compactMap { datasetTier[$0] } + incident.affectedPipelines.compactMap(pipelineTier)).min()
        }

        func tier(of change: Change) -> Int? {
            change.subjectNodes.compactMap { node -> Int? in
                if let name = node.datasetName { return datasetTier[name] }
                return node.pipelineReference.flatMap(pipelineTier)
            }.min()
        }

        /// The incident as known at `end`: later timeline entries and a later resolution are not yet known.
        func asOf(_ s: IncidentSummary, end: Date) -> IncidentSummary {
            var i = s.incident
            if let r = i.resolvedAt, r >= end {
                i.resolvedAt = nil
                i.state = .mitigated
                i.resolution = nil
            }
            return IncidentSummary(incident: i, timeline: s.timeline.filter { $0.at < end }, stepProgress: [])
        }

        func figures(tier: Int?, from: Date, to: Date) -> ReliabilityFigures {
            var f = ReliabilityFigures()
            let weeks = to.timeIntervalSince(from) / (7 * 86_400)
            func inScope(_ t: Int?) -> Bool { tier == nil || t == tier }

            // Incidents
            let incidents = inputs.incidents
                .filter { $0.incident.openedAt >= from && $0.incident.openedAt < to && inScope(self.tier(of: $0.incident)) }
                .map { asOf($0, end: to) }
            f.incidents = incidents.count
            if weeks > 0 {
                f.incidentsPerWeek = Double(incidents.count) / weeks
                f.incidentsPer30Days = Double(incidents.count) / weeks / 7 * 30
            }
            let metrics = incidents.map(IncidentMetrics.init)
            let ttd = metrics.compactMap(\.timeToDetect)
            let tta = metrics.compactMap(\.timeToAcknowledge)
            let ttr = metrics.compactMap(\.timeToResolve)
            f.resolved = ttr.count
            f.ttdP50 = PipelineStats.percentile(ttd, 0.5)
            f.ttdP90 = PipelineStats.percentile(ttd, 0.9)
            f.ttaP50 = PipelineStats.percentile(tta, 0.5)
            f.ttaP90 = PipelineStats.percentile(tta, 0.9)
            f.mttrP50 = PipelineStats.percentile(ttr, 0.5)
            f.mttrP90 = PipelineStats.percentile(ttr, 0.9)
            for s in incidents where s.incident.causeKey != nil && s.incident.resolvedAt != nil {
                if let r = s.incident.resolution {
                    f.alertsClassified += 1
                    if r.isActionable { f.alertsActionable += 1 }
                } else {
                    f.alertsUnclassified += 1
                }
            }
            f.alertPrecision = ratio(f.alertsActionable, f.alertsClassified)

            // Changes
            let changes = inputs.changes.filter { $0.at >= from && $0.at < to && inScope(self.tier(of: $0)) }
            f.changes = changes.count
            f.failedChanges = changes.filter { causes.contains($0.id) }.count
            f.changeFailureRate = ratio(f.failedChanges, f.changes)
            if weeks > 0 { f.changesPerWeek = Double(changes.count) / weeks }

            // Freshness
            var good: TimeInterval = 0, measured: TimeInterval = 0, spent: TimeInterval = 0, budget: TimeInterval = 0
            for d in inputs.datasets where inScope(d.tier) {
                guard let r = sloReport(d, from: from, to: to), let since = r.measuredSince else { continue }
                f.datasetsMeasured += 1
                good += r.goodTime
                measured += to.timeIntervalSince(since)
                spent += r.budgetSpent
                budget += r.objective.budgetTime
            }
            f.freshnessAttainment = measured > 0 ? min(1, good / measured) : nil
            f.errorBudgetSpent = budget > 0 ? spent / budget : nil

            // Pipelines and checks, by the UTC day they ended / ran (a day straddling `from` counts from `from`).
            for r in inputs.runs where inScope(pipelineTier(r.pipeline)) && Self.inSpan(r.day, from: from, to: to, window: inputs.from) {
                f.runsFinished += r.finished
                f.runsSucceeded += r.succeeded
            }
            f.pipelineSuccessRate = ratio(f.runsSucceeded, f.runsFinished)
            for c in inputs.checks where inScope(datasetTier[c.dataset]) && Self.inSpan(c.day, from: from, to: to, window: inputs.from) {
                f.checkResults += c.results
                f.checksPassed += c.passed
            }
            f.qualityPassRate = ratio(f.checksPassed, f.checkResults)
            return f
        }

        /// A day bucket belongs to the span holding its start, or the window's start when it began before it.
        static func inSpan(_ day: Date, from: Date, to: Date, window: Date) -> Bool {
            let at = max(day, window)
            return at >= from && at < to
        }

        /// The dataset's SLO over [from, to): its target, the span as the window; nil when never observed in it.
        func sloReport(_ d: ReportDataset, from: Date, to: Date) -> FreshnessSLOReport? {
            guard to > from else { return nil }
            let r = FreshnessSLOReport.compute(FreshnessSLOReport.clip(d.intervals, from: from, to: to),
                                               objective: FreshnessObjective(target: d.target, window: to.timeIntervalSince(from)),
                                               now: to)
            return r.measuredSince == nil ? nil : r
        }

        func budgetCosts() -> (datasets: [BudgetCost], pipelines: [BudgetCost]) {
            var datasets: [BudgetCost] = []
            var pipelines: [String: (spent: TimeInterval, budget: TimeInterval, count: Int)] = [:]
            for d in inputs.datasets {
                guard let r = sloReport(d, from: inputs.from, to: inputs.to), r.budgetSpent > 0 else { continue }
                let budget = r.objective.budgetTime
                datasets.append(BudgetCost(name: d.name, tier: d.tier, spent: r.budgetSpent,
                                           shareOfBudget: budget > 0 ? r.budgetSpent / budget : nil, datasets: 1))
                if let p = d.producedBy {
                    pipelines[p, default: (0, 0, 0)].spent += r.budgetSpent
                    pipelines[p, default: (0, 0, 0)].budget += budget
                    pipelines[p, default: (0, 0, 0)].count += 1
                }
            }
            let pipelineCosts = pipelines.map { name, v in
                BudgetCost(name: name, tier: pipelineTier(name), spent: v.spent,
                           shareOfBudget: v.budget > 0 ? v.spent / v.budget : nil, datasets: v.count)
            }
            func top(_ list: [BudgetCost]) -> [BudgetCost] {
                Array(list.sorted { a, b in
                    let x = a.shareOfBudget ?? -1, y = b.shareOfBudget ?? -1
                    return x != y ? x > y : a.spent != b.spent ? a.spent > b.spent : a.name < b.name
                }.prefix(ReliabilityReport.topCount))
            }
            return (top(datasets), top(pipelineCosts))
        }

        /// Postmortem items first (overdue first, then soonest due, those with no due day last), then incidents still
        /// open, then those to classify (each by severity, then age).
        func actionItems() -> [ReportActionItem] {
            let end = inputs.to
            let followUps = inputs.actionItems
                .filter { $0.item.createdAt < end && !$0.item.isDone(at: end) }
                .sorted { a, b in
                    let x = (a.item.isOverdue(at: end) ? 0 : 1, a.item.due ?? .distantFuture, a.incident.severity, a.item.incidentID)
                    let y = (b.item.isOverdue(at: end) ? 0 : 1, b.item.due ?? .distantFuture, b.incident.severity, b.item.incidentID)
                    return x != y ? x < y : a.item.number < b.item.number
                }
                .map { a in
                    ReportActionItem(incidentID: a.incident.id, title: a.incident.title, severity: a.incident.severity,
                                     tier: tier(of: a.incident), kind: .postmortem, openedAt: a.incident.openedAt,
                                     number: a.item.number, text: a.item.text, owner: a.item.owner, due: a.item.due,
                                     overdue: a.item.isOverdue(at: end))
                }
            let incidents = inputs.incidents.compactMap { s -> ReportActionItem? in
                let i = asOf(s, end: end).incident
                let kind: ReportActionItem.Kind
                if i.resolvedAt == nil { kind = .open } else if i.resolution == nil { kind = .classify } else { return nil }
                return ReportActionItem(incidentID: i.id, title: i.title, severity: i.severity, tier: tier(of: i),
                                        kind: kind, openedAt: i.openedAt)
            }.sorted { ($0.kind == .open ? 0 : 1, $0.severity, $0.openedAt, $0.incidentID)
                < ($1.kind == .open ? 0 : 1, $1.severity, $1.openedAt, $1.incidentID) }
            return followUps + incidents
        }
    }
}

private func ratio(_ part: Int, _ whole: Int) -> Double? {
    whole > 0 ? Double(part) / Double(whole) : nil
}
