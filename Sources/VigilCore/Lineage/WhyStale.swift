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
        var context = Context(snapshot)
        return whyStale(dataset, in: snapshot, context: &context)
    }

    /// `whyStale`, with what each lineage node stands for looked up in `context`, once per snapshot: detection asks
    /// for every stale dataset of a pass, and their walks cross the same upstream nodes.
    public static func whyStale(_ dataset: String, in snapshot: PlatformSnapshot, context: inout Context) -> WhyStale {
        let now = snapshot.now
        let graph = snapshot.graph
        let target = LineageNode.dataset(dataset)
        let targetState = snapshot.datasetIndex(named: dataset).map { snapshot.datasets[$0].state(now: now) } ?? .unknown
        guard let first = graph.number(of: target) else {
            return WhyStale(dataset: dataset, state: targetState, cause: nil, chain: link(target, in: snapshot).map { [$0] } ?? [])
        }
        // Breadth-first upstream; the strongest kind wins, among equals the nearest (the first found). Nothing beats
        // the nearest failure: the walk ends there.
        var best: (rank: Int, cause: StaleCause, node: Int32)?
        var furthestStale: Int32?
        let strongest = rank(.failed)
        let tree = graph.upstreamTree(of: first) { n in
            switch context.role(of: n, in: snapshot) {
            case .cause(let rank):
                if best.map({ rank < $0.rank }) ?? true, let cause = context.causes[n] { best = (rank, cause, n) }
                return rank == strongest
            case .stale:
                furthestStale = n
            case .none:
                break
            }
            return false
        }
        return WhyStale(dataset: dataset, state: targetState, cause: best?.cause,
                        chain: chain(from: best?.node ?? furthestStale ?? first, to: first, via: tree.via, in: snapshot))
    }

    /// What each lineage node of a snapshot stands for in a root-cause walk, looked up the first time a walk
    /// reaches it: a pipeline's cause (failed, late, running), a stale dataset, or neither.
    public struct Context {
        enum Role: Equatable {
            /// A pipeline that is a cause now, of this `rank`.
            case cause(Int)
            case stale
            case none
        }
        /// By node number; nil until a walk reaches the node. Kept small: walks read one per node they visit.
        private var roles: [Role?]
        /// The causes themselves, of the pipelines whose role is `cause`.
        private(set) var causes: [Int32: StaleCause] = [:]

        public init(_ snapshot: PlatformSnapshot) { roles = Array(repeating: nil, count: snapshot.graph.nodeCount) }

        mutating func role(of n: Int32, in snapshot: PlatformSnapshot) -> Role {
            if let known = roles[Int(n)] { return known }
            let node = snapshot.graph.node(n)
            let role: Role
            if let summary = snapshot.pipeline(node), let cause = RootCause.cause(of: summary, now: snapshot.now) {
                causes[n] = cause
                role = .cause(RootCause.rank(cause.kind))
            } else if case .dataset(let name) = node, let i = snapshot.datasetIndex(named: name),
                      [.error, .warn].contains(snapshot.datasets[i].state(now: snapshot.now)) {
                role = .stale
            } else {
                role = .none
            }
            roles[Int(n)] = role
            return role
        }
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

    /// The links from `start` back down to `end` (node numbers of the snapshot's graph, `via` from its upstream
    /// tree); a node outside the graph is the only link.
    private static func chain(from start: Int32, to end: Int32, via: [Int32], in snapshot: PlatformSnapshot) -> [ChainLink] {
        var links: [ChainLink] = []
        var n = start
        while true {
            if let link = link(snapshot.graph.node(n), in: snapshot) { links.append(link) }
            guard n != end, via[Int(n)] >= 0 else { break }
            n = via[Int(n)]
        }
        return links
    }

    private static func link(_ n: LineageNode, in snapshot: PlatformSnapshot) -> ChainLink? {
        let now = snapshot.now
        if let p = snapshot.pipeline(n) { return .pipeline(p.pipeline, p.health(now: now)) }
        guard case .dataset(let name) = n else { return nil }
        let d = snapshot.dataset(named: name)
        return .dataset(name: name, state: d?.state(now: now) ?? .unknown, lag: d?.lag(now: now))
    }
}
