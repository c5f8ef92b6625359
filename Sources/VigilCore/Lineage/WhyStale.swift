import Foundation

/// The most likely reason a dataset is stale: the nearest upstream pipeline that failed, is late, or is still
/// running, and the path from it down to the dataset.
public struct StaleCause: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case failed, late, running
    }

    public var kind: Kind
    public var pipeline: Pipeline
    /// The run that failed or is running; for a late pipeline, its newest run (if any).
    public var run: PipelineRun?
    /// The failed task instance of that run, when known (the first by end time).
    public var failedTask: TaskInstance?
    /// Since when: the failed run's end, the running run's start, the late pipeline's missed slot.
    public var since: Date?

    /// "customer_sync.push_to_crm failed 42m ago (try 2/2)"
    public func phrase(now: Date) -> String {
        let age = since.map { DurationFormat.compact(max(0, now.timeIntervalSince($0))) }
        switch kind {
        case .failed:
            var text = pipeline.pipelineID
            if let task = failedTask {
                text += "." + task.taskID + " failed"
                if let age { text += " \(age) ago" }
                text += " (try \(task.tryNumber)/\(task.maxTries))"
            } else {
                text += " failed" + (age.map { " \($0) ago" } ?? "")
            }
            return text
        case .late:
            return pipeline.pipelineID + " is late" + (age.map { " (last run \($0) ago)" } ?? "")
        case .running:
            return pipeline.pipelineID + " still running" + (age.map { " for \($0)" } ?? "")
        }
    }
}

/// One node on the path from a cause to the stale dataset.
public enum ChainLink: Sendable, Equatable {
    case pipeline(Pipeline, PipelineHealth)
    case dataset(name: String, state: FreshnessState, lag: TimeInterval?)
}

/// The answer to "why is this stale?" for one dataset.
public struct WhyStale: Sendable, Equatable {
    public var dataset: String
    public var state: FreshnessState
    public var cause: StaleCause?
    /// From the cause's pipeline (or the furthest stale upstream dataset when no cause is found) down to the
    /// dataset itself, in flow order.
    public var chain: [ChainLink]

    /// "customer_sync.push_to_crm failed 42m ago (try 2/2) → raw.customers stale 2h10m → analytics.fct_revenue"
    public func sentence(now: Date) -> String {
        var parts: [String] = []
        for (i, link) in chain.enumerated() {
            switch link {
            case .pipeline(let p, _):
                if i == 0, let cause { parts.append(cause.phrase(now: now)) } else { parts.append(p.pipelineID) }
            case .dataset(let name, let state, let lag):
                if i == chain.count - 1 {
                    parts.append(name)
                } else if state == .error || state == .warn {
                    parts.append(name + " stale" + (lag.map { " " + DurationFormat.compact($0) } ?? " (never loaded)"))
                } else {
                    parts.append(name)
                }
            }
        }
        let path = parts.joined(separator: " → ")
        if cause == nil {
            return "no upstream failure, late or running pipeline found for \(dataset)" + (chain.count > 1 ? ": " + path : "")
        }
        return path
    }
}

public enum RootCause {
    /// Walks upstream from `dataset` (nearest first) and names the most likely cause: the nearest failed pipeline;
    /// if none failed, the nearest late one; if none is late, the nearest still running. A failure further up
    /// beats a producer that merely runs right now (it is rebuilding from stale input). Healthy pipelines are
    /// never a cause.
    public static func whyStale(_ dataset: String, in snapshot: PlatformSnapshot) -> WhyStale {
        let now = snapshot.now
        let graph = snapshot.graph
        let target = LineageNode.dataset(dataset)
        let targetState = snapshot.dataset(named: dataset)?.state(now: now) ?? .unknown

        // Breadth-first upstream, remembering how each node was reached; candidates in the order found (nearest first).
        var via: [LineageNode: LineageNode] = [:]
        var furthestStale: LineageNode?
        var candidates: [(StaleCause, LineageNode)] = []
        for (parent, child) in graph.upstreamTree(of: target) {
            via[parent] = child
            if let summary = snapshot.pipeline(parent), let cause = cause(of: summary, now: now) {
                candidates.append((cause, parent))
            } else if let d = snapshot.dataset(parent), [.error, .warn].contains(d.state(now: now)) {
                furthestStale = parent
            }
        }
        // The strongest kind wins; among equals, the nearest (the first found).
        if let best = candidates.enumerated().min(by: { (rank($0.element.0.kind), $0.offset) < (rank($1.element.0.kind), $1.offset) })?.element {
            return WhyStale(dataset: dataset, state: targetState, cause: best.0,
                            chain: chain(from: best.1, via: via, in: snapshot))
        }
        let start = furthestStale ?? target
        return WhyStale(dataset: dataset, state: targetState, cause: nil,
                        chain: chain(from: start, via: via, in: snapshot))
    }

    static func rank(_ kind: StaleCause.Kind) -> Int {
        switch kind {
        case .failed: return 0
        case .late: return 1
        case .running: return 2
        }
    }

    /// Why a pipeline counts as a cause right now (failed, late, running), or nil when it is healthy.
    public static func cause(of summary: PipelineSummary, now: Date) -> StaleCause? {
        switch summary.health(now: now) {
        case .failing:
            let failedRun = summary.recentRuns.first { $0.state.isTerminal }
            let task = summary.failedTasks.min { ($0.endedAt ?? .distantFuture) < ($1.endedAt ?? .distantFuture) }
            return StaleCause(kind: .failed, pipeline: summary.pipeline, run: failedRun, failedTask: task,
                              since: task?.endedAt ?? failedRun?.endedAt ?? failedRun?.startedAt)
        case .late:
            let run = summary.lastRun
            return StaleCause(kind: .late, pipeline: summary.pipeline, run: run, since: run?.logicalDate ?? run?.startedAt)
        case .running:
            let run = summary.lastRun
            return StaleCause(kind: .running, pipeline: summary.pipeline, run: run, since: run?.startedAt)
        case .healthy, .paused, .unknown:
            return nil
        }
    }

    private static func chain(from start: LineageNode, via: [LineageNode: LineageNode], in snapshot: PlatformSnapshot) -> [ChainLink] {
        let now = snapshot.now
        var links: [ChainLink] = []
        var node: LineageNode? = start
        while let n = node {
            if let p = snapshot.pipeline(n) {
                links.append(.pipeline(p.pipeline, p.health(now: now)))
            } else if case .dataset(let name) = n {
                let d = snapshot.dataset(named: name)
                links.append(.dataset(name: name, state: d?.state(now: now) ?? .unknown, lag: d?.lag(now: now)))
            }
            node = via[n]
        }
        return links
    }
}
