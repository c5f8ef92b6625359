import Foundation
import VigilCore

/// Pure mapping from Dagster's GraphQL answers to Vigil's domain. Decisions, in one place:
/// - one Pipeline per job (pipelineID = the job's name, or `job@location` when two code locations have a job of that
///   name, as every location has its `__ASSET_JOB`), one PipelineRun per run, one TaskInstance per step;
/// - run states: see `runState`; a canceled run is finished without failing (someone stopped it), like skipped;
/// - a job is paused when it has schedules or sensors and none of them is running (a STOPPED schedule pauses its
///   job); the schedule shown is a running schedule's cron, else the first one's;
/// - late: a RUNNING schedule's next tick is due one schedule interval (the longest gap of its cron, see
///   `AirflowSchedule`) after the last tick the daemon evaluated, else at the next future tick Dagster lists; the job
///   is late when that is more than the grace in the past (judged by PipelineHealth, like Airflow's next run);
/// - a failed step's error: the exception the user's code raised (Dagster's `cause`), the last frames of its stack,
///   then what Dagster raised around it, cleaned and at most 4 KB (`AirflowMapping.maxTaskErrorBytes`);
/// - an asset is named by its `dagster/uri` metadata when that URI says where the data lives (an identity Vigil joins
///   onto warehouse tables and Airflow assets), else by its `dagster/table_name`, else by its key ("a/b"); the other
///   two are its aliases. A name a known dataset of another source already answers to (its name, identity or
///   `aliases:`) is that dataset: the asset's materializations are its loads, its checks its checks. Otherwise the
///   asset is a dataset of this source (tier 3; its freshness policy's windows, else warn after 24 h, error after 48 h);
/// - a materialization is a load (FreshnessSample), an asset check's execution for the latest materialization a check
///   (SUCCEEDED pass; FAILED fail, or warn at severity WARN; EXECUTION_FAILED error; in progress or skipped: none yet);
/// - lineage: upstream asset -> asset, and each job that materializes an asset -> the asset (its op as the producer).
public enum DagsterMapping {
    /// The default freshness of an asset with no freshness policy, as for dbt models.
    public static let defaultPolicy = FreshnessPolicy(warnAfter: 24 * 3600, errorAfter: 48 * 3600)
    public static let defaultTier = 3

    /// Dagster's run statuses onto Vigil's states:
    /// - QUEUED, NOT_STARTED (created, not launched), MANAGED (run outside Dagster's launcher) -> queued;
    /// - STARTING, STARTED, CANCELING (still running until it stops) -> running;
    /// - SUCCESS -> success; FAILURE -> failed; CANCELED -> skipped: finished, not a failure;
    /// - anything unknown -> queued, never a failure nor a success it did not report.
    public static func runState(_ status: String) -> RunState {
        switch status.uppercased() {
        case "SUCCESS": return .success
        case "FAILURE": return .failed
        case "CANCELED": return .skipped
        case "STARTING", "STARTED", "CANCELING": return .running
        default: return .queued
        }
    }

    /// A step's status: SUCCESS, FAILURE, SKIPPED (an upstream step failed or an optional output was not yielded),
    /// IN_PROGRESS; none yet -> queued.
    public static func stepState(_ status: String?) -> RunState {
        switch status?.uppercased() {
        case "SUCCESS": return .success
        case "FAILURE": return .failed
        case "SKIPPED": return .skipped
        case "IN_PROGRESS": return .running
        default: return .queued
        }
    }

    /// "scheduled", "sensor", "backfill" from Dagster's own tags; else "manual" (launched by a person or the API).
    public static func runType(tags: [DagsterWire.Tag]) -> String {
        let keys = Set(tags.map(\.key))
        if keys.contains("dagster/backfill") { return "backfill" }
        if keys.contains("dagster/schedule_name") { return "scheduled" }
        if keys.contains("dagster/sensor_name") { return "sensor" }
        return "manual"
    }

    // MARK: - Jobs

    /// Pipeline ids of the jobs of a workspace: the job's name, or `job@location` when several locations have it.
    public struct JobIDs: Sendable, Equatable {
        /// Job name -> the locations that have it, in workspace order.
        var locations: [String: [String]] = [:]

        public init(_ jobs: [(location: String, job: String)]) {
            for (location, job) in jobs where !(locations[job] ?? []).contains(location) {
                locations[job, default: []].append(location)
            }
        }

        /// The id of `job` in `location` (nil: where the job is unknown, e.g. an asset's job, its first location).
        public func id(job: String, location: String?) -> String {
            guard let places = locations[job], places.count > 1 else { return job }
            return "\(job)@\(location ?? places[0])"
        }
    }

    /// What the workspace says: the jobs as pipelines, their ids, and the code locations that failed to load.
    public struct Workspace: Sendable {
        public var pipelines: [Pipeline] = []
        public var ids = JobIDs([])
        /// One line per code location that failed to load (the source is degraded).
        public var problems: [String] = []
        /// Locations still loading.
        public var notes: [String] = []
        /// Every location loaded: the job list is everything Dagster has.
        public var complete = true
    }

    public static func workspace(_ entries: [DagsterWire.LocationEntry], source: String,
                                 lateGrace: TimeInterval? = nil) -> Workspace {
        var out = Workspace()
        var jobs: [(location: String, repository: DagsterWire.Repository, job: DagsterWire.Job)] = []
        for entry in entries {
            guard let location = entry.locationOrLoadError else {
                out.notes.append("code location '\(entry.name)' is \((entry.loadStatus ?? "loading").lowercased())")
                out.complete = false
                continue
            }
            guard let repositories = location.repositories else {
                let message = firstLine(location.message ?? location.typename)
                out.problems.append("code location '\(entry.name)' failed to load: \(message)")
                out.complete = false
                continue
            }
            for repository in repositories {
                jobs += repository.jobs.map { (entry.name, repository, $0) }
            }
        }
        out.ids = JobIDs(jobs.map { ($0.location, $0.job.name) })
        out.pipelines = jobs.map { location, repository, job in
            pipeline(job.name, id: out.ids.id(job: job.name, location: location), repository: repository,
                     source: source, lateGrace: lateGrace)
        }
        return out
    }

    static func pipeline(_ job: String, id: String, repository: DagsterWire.Repository, source: String,
                         lateGrace: TimeInterval?) -> Pipeline {
        let schedules = (repository.schedules ?? []).filter { $0.pipelineName == job }
        let sensors = (repository.sensors ?? []).filter { ($0.targets ?? []).contains { $0.pipelineName == job } }
        let statuses = schedules.map { $0.scheduleState?.status } + sensors.map { $0.sensorState?.status }
        let running = schedules.filter { $0.scheduleState?.status == "RUNNING" }
        let paused = !statuses.isEmpty && statuses.allSatisfy { $0 == "STOPPED" }
        let shown = running.first ?? schedules.first
        let cron = shown?.cronSchedule
        return Pipeline(source: source, pipelineID: id, schedule: cron,
                        scheduleInterval: cron.flatMap { AirflowSchedule.interval(cron: $0) }, isPaused: paused,
                        nextRunDue: running.compactMap(nextTickDue).min(), lateGrace: lateGrace)
    }

    /// When a running schedule's next tick is due: an interval after the last tick evaluated, else the next future tick.
    static func nextTickDue(_ schedule: DagsterWire.Schedule) -> Date? {
        if let last = schedule.scheduleState?.ticks?.first?.timestamp?.secondsDate,
           let interval = schedule.cronSchedule.flatMap({ AirflowSchedule.interval(cron: $0) }) {
            return last.addingTimeInterval(interval)
        }
        return schedule.futureTicks?.results.first?.timestamp?.secondsDate
    }

    // MARK: - Runs and steps

    public static func run(_ run: DagsterWire.Run, source: String, ids: JobIDs) -> PipelineRun {
        PipelineRun(source: source, pipelineID: ids.id(job: run.jobName, location: run.repositoryOrigin?.repositoryLocationName),
                    runID: run.runId, state: runState(run.status), logicalDate: run.creationTime?.secondsDate,
                    startedAt: run.startTime?.secondsDate, endedAt: run.endTime?.secondsDate,
                    runType: runType(tags: run.tags ?? []))
    }

    /// The run's steps as task instances, with the errors of failed steps (`errors`: step key -> text).
    public static func steps(_ run: DagsterWire.Run, source: String, ids: JobIDs,
                             errors: [String: String] = [:]) -> [TaskInstance] {
        let pipelineID = ids.id(job: run.jobName, location: run.repositoryOrigin?.repositoryLocationName)
        return (run.stepStats ?? []).map { step in
            let tries = max(1, step.attempts?.count ?? 1)
            let state = stepState(step.status)
            return TaskInstance(source: source, pipelineID: pipelineID, runID: run.runId, taskID: step.stepKey,
                                state: state, tryNumber: tries, maxTries: tries, startedAt: step.startTime?.secondsDate,
                                endedAt: step.endTime?.secondsDate, errorMessage: state == .failed ? errors[step.stepKey] : nil)
        }
    }

    /// Each failed step's error among a run's events (the last failure of a step wins: its final attempt).
    public static func stepErrors(_ events: [DagsterWire.Event]) -> [String: String] {
        var out: [String: String] = [:]
        for event in events where event.typename == "ExecutionStepFailureEvent" {
            guard let step = event.stepKey, let error = event.error else { continue }
            out[step] = stepError(error)
        }
        return out
    }

    /// Frames of a stack kept in a step's error: the innermost, where the user's code raised.
    public static let maxFrames = 5

    /// The user's exception first (Dagster's `cause`: "Exception: simulated failure ..."), its last frames, then what
    /// Dagster raised around it; cleaned (no escapes or controls) and bounded.
    public static func stepError(_ error: DagsterWire.PythonError) -> String {
        var lines: [String] = []
        if let cause = error.cause, let message = cause.message, !trimmed(message).isEmpty {
            lines.append(trimmed(message))
            lines += frames(cause.stack ?? [])
            if let outer = error.message.map(firstLine), !outer.isEmpty { lines.append("raised as " + outer) }
        } else {
            lines.append(trimmed(error.message ?? error.className ?? "the step failed"))
            lines += frames(error.stack ?? [])
        }
        return AirflowMapping.bounded(TextSanitizer.clean(lines.joined(separator: "\n")))
    }

    private static func frames(_ stack: [String]) -> [String] {
        let kept = stack.suffix(maxFrames).map { $0.trimmingCharacters(in: .newlines) }
        let cut = stack.count - kept.count
        return (cut > 0 ? ["  … \(cut) earlier frame(s)"] : []) + kept
    }

    private static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    private static func firstLine(_ text: String) -> String {
        let line = trimmed(text).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return TextSanitizer.collapsed(line, limit: 300)
    }

    // MARK: - Assets

    /// An asset's name and the other names it goes by (see the type's notes).
    public static func names(_ node: DagsterWire.AssetNode) -> (name: String, identity: DatasetIdentity?, aliases: [String]) {
        let key = node.assetKey.path.joined(separator: "/")
        func metadata(_ label: String) -> String? {
            (node.metadataEntries ?? []).first { $0.label == label }?.value.map(trimmed).flatMap { $0.isEmpty ? nil : $0 }
        }
        let uri = metadata("dagster/uri"), table = metadata("dagster/table_name")
        let identity = uri.flatMap { DatasetIdentity(uri: $0) }
        let name = identity != nil ? uri! : table ?? key
        var aliases: [String] = []
        for other in [uri, table, key].compactMap({ $0 }) where other != name && !aliases.contains(other) {
            aliases.append(other)
        }
        return (name, identity, aliases)
    }

    /// What the assets say, ready to write.
    public struct Assets: Sendable {
        /// This source's datasets (assets no other source's dataset answers to).
        public var datasets: [Dataset] = []
        public var freshness: [FreshnessSample] = []
        public var checks: [DataCheck] = []
        /// Ids of every check the assets define (`DataCheck.id`), run or not: the others are retired.
        public var definedChecks: Set<String> = []
        public var lineage: [LineageEdge] = []
        public var producers: [LineageEdge: String] = [:]
    }

    /// `known(name)`: the stored dataset of ANOTHER source (or the config) that `name` stands for, if any.
    public static func assets(_ nodes: [DagsterWire.AssetNode], source: String, ids: JobIDs, observedAt: Date,
                              known: (String) -> String?) -> Assets {
        var out = Assets()
        var nameOf: [DagsterWire.AssetKey: String] = [:]
        var ours: [(node: DagsterWire.AssetNode, names: (name: String, identity: DatasetIdentity?, aliases: [String]))] = []
        for node in nodes {
            let names = names(node)
            if let joined = ([names.name] + names.aliases).lazy.compactMap(known).first {
                nameOf[node.assetKey] = joined
            } else {
                nameOf[node.assetKey] = names.name
                ours.append((node, names))
            }
        }
        for (node, names) in ours {
            let policy = node.internalFreshnessPolicy.flatMap { p -> FreshnessPolicy? in
                guard let fail = p.failWindowSeconds?.value, fail > 0 else { return nil }
                return FreshnessPolicy(warnAfter: min(p.warnWindowSeconds?.value ?? fail, fail), errorAfter: fail)
            } ?? defaultPolicy
            let owner = (node.owners ?? []).compactMap { $0.team ?? $0.email }.joined(separator: ", ")
            out.datasets.append(Dataset(name: names.name, tier: defaultTier, policy: policy, source: source,
                                        producedBy: producer(node, ids: ids).map { "\(source)/\($0)" },
                                        owner: owner.isEmpty ? nil : owner, identity: names.identity,
                                        aliases: names.aliases))
        }
        var edges = Set<LineageEdge>()
        for node in nodes {
            guard let name = nameOf[node.assetKey] else { continue }
            if let loaded = node.assetMaterializations?.first?.timestamp?.millisecondsDate {
                out.freshness.append(FreshnessSample(dataset: name, observedAt: observedAt, loadedAt: loaded))
            }
            for check in node.assetChecksOrError?.checks ?? [] {
                out.definedChecks.insert(DataCheck.id(dataset: name, name: check.name))
                if let result = self.check(check, dataset: name, source: source) { out.checks.append(result) }
            }
            for upstream in node.dependencyKeys ?? [] {
                let from = nameOf[upstream] ?? upstream.path.joined(separator: "/")
                edges.insert(LineageEdge(upstream: .dataset(from), downstream: .dataset(name)))
            }
            for job in jobs(node) {
                let edge = LineageEdge(upstream: .pipeline(source: source, id: ids.id(job: job, location: nil)),
                                       downstream: .dataset(name))
                edges.insert(edge)
                if let ops = node.opNames, !ops.isEmpty { out.producers[edge] = ops.joined(separator: ", ") }
            }
        }
        out.lineage = edges.sorted { ($0.upstream, $0.downstream) < ($1.upstream, $1.downstream) }
        out.freshness.sort { $0.dataset < $1.dataset }
        return out
    }

    /// The jobs that materialize an asset: its own jobs, or Dagster's hidden asset job when it has no other.
    static func jobs(_ node: DagsterWire.AssetNode) -> [String] {
        let all = node.jobNames ?? []
        let named = all.filter { !$0.hasPrefix("__") }
        return named.isEmpty ? Array(all.prefix(1)) : named
    }

    static func producer(_ node: DagsterWire.AssetNode, ids: JobIDs) -> String? {
        jobs(node).first.map { ids.id(job: $0, location: nil) }
    }

    /// An asset check's execution for the latest materialization as a check result; nil while none finished.
    public static func check(_ check: DagsterWire.Check, dataset: String, source: String) -> DataCheck? {
        guard let execution = check.executionForLatestMaterialization else { return nil }
        let state: CheckState
        switch execution.status.uppercased() {
        case "SUCCEEDED": state = .pass
        case "FAILED": state = execution.evaluation?.severity?.uppercased() == "WARN" ? .warn : .fail
        case "EXECUTION_FAILED": state = .error
        default: return nil
        }
        guard let at = (execution.evaluation?.timestamp ?? execution.timestamp)?.secondsDate else { return nil }
        let message = execution.evaluation?.description.map { TextSanitizer.collapsed($0, limit: 500) }
        return DataCheck(dataset: dataset, name: check.name, kind: .test, state: state, message: message, at: at,
                         source: source)
    }
}
