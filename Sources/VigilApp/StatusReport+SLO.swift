import Foundation
import VigilCore

/// The SLO, root-cause and pipeline-track-record parts of `vigil status --format json`.
extension StatusReport {
    static func slo(_ d: DatasetSummary) -> Any {
        guard let r = d.slo else { return NSNull() }
        var burn: [String: Any] = [:]
        for w in BurnWindow.allCases { burn[w.rawValue] = orNull(r.burnRates[w]) }
        return [
            "objective": r.objective.target, "window_s": r.objective.window,
            "attainment": orNull(r.attainment), "budget_remaining_ratio": orNull(r.budgetRemainingRatio),
            "budget_remaining_s": r.budgetRemaining, "budget_exhaustion_at": iso(r.budgetExhaustion),
            "unknown_s": r.unknownTime, "burn_rates": burn, "alert": r.alert.rawValue,
        ] as [String: Any]
    }

    /// For a dataset not fresh: its most likely cause and what it hits downstream; null for fresh ones.
    static func causeAndBlastRadius(_ d: DatasetSummary, in s: PlatformSnapshot) -> (cause: Any, blast: Any) {
        let state = d.state(now: s.now)
        guard state != .fresh || (d.slo?.alert ?? BurnAlert.none) != BurnAlert.none else { return (NSNull(), NSNull()) }
        let why = RootCause.whyStale(d.dataset.name, in: s)
        let cause: Any = [
            "found": why.cause != nil,
            "kind": orNull(why.cause?.kind.rawValue),
            "pipeline": orNull(why.cause.map { "\($0.pipeline.source)/\($0.pipeline.pipelineID)" }),
            "run_id": orNull(why.cause?.run?.runID),
            "task_id": orNull(why.cause?.failedTask?.taskID),
            "try_number": orNull(why.cause?.failedTask?.tryNumber),
            "max_tries": orNull(why.cause?.failedTask?.maxTries),
            "since": iso(why.cause?.since),
            "error": orNull(why.cause?.failedTask?.errorMessage),
            "chain": why.sentence(now: s.now),
        ] as [String: Any]
        let radius = BlastRadius.of(dataset: d.dataset.name, in: s)
        let blast: Any = [
            "datasets": radius.datasets.map { ["name": $0.name, "tier": $0.tier] },
            "pipelines": radius.pipelines, "tier1_count": radius.tier1Count,
        ] as [String: Any]
        return (cause, blast)
    }

    /// `{namespace, name}` in OpenLineage terms, or null when no source knows where the dataset lives.
    static func identity(_ d: Dataset) -> Any {
        d.identity.map { ["namespace": $0.namespace, "name": $0.name] as [String: Any] } ?? NSNull()
    }

    /// `{state, pass_rate_24h, pass_rate_7d, checks}`, or null for a dataset without checks.
    static func quality(_ d: DatasetSummary) -> Any {
        guard let q = d.quality else { return NSNull() }
        return [
            "state": orNull(q.state?.rawValue), "pass_rate_24h": orNull(q.passRate24h), "pass_rate_7d": orNull(q.passRate7d),
            "checks": q.checks.map { c -> [String: Any] in
                ["name": c.name, "kind": c.kind.rawValue, "state": c.state.rawValue, "failures": orNull(c.failures),
                 "message": orNull(c.message), "at": iso(c.at), "source": c.source]
            },
        ] as [String: Any]
    }

    static func stats(_ p: PipelineSummary, now: Date) -> [String: Any] {
        let s = p.stats
        return [
            "success_rate_24h": orNull(s.successRate24h), "success_rate_7d": orNull(s.successRate7d),
            "failure_streak": s.failureStreak, "duration_p50_s": orNull(s.durationP50),
            "duration_p95_s": orNull(s.durationP95), "last_run_slow": p.lastRun.map { s.isSlow($0, now: now) } ?? false,
        ]
    }
}
