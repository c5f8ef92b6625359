import Foundation
import VigilCore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The demo's Dagster: answers the Dagster collector's GraphQL queries (`DagsterQuery`) from the simulated platform,
/// in the shapes a real Dagster 1.13 answers them (Tests/VigilCollectorsTests/Fixtures/dagster-1.13), so the demo's
/// second orchestrator is read by the real `DagsterCollector` and mapped by `DagsterMapping` like any Dagster.
///
/// One code location, `analytics`, holds the Dagster jobs of the catalog, each on a running schedule; the datasets
/// they produce are software-defined assets named by `dagster/uri` (the warehouse table), with the demo's data tests
/// as asset checks. Its clock is the simulated time of the pass. In the story's Dagster window the assets query
/// times out, so the source reads as degraded, as a real overloaded webserver would.
final class SimulatedDagster: HTTPTransport, @unchecked Sendable {
    static let location = "analytics"
    static let repository = "__repository__"

    private let platform: DemoPlatform
    private let checks: DemoChecks
    private let clock: @Sendable () -> Date
    private let models: [PipelineModel]
    /// The datasets the Dagster jobs produce (the assets), with their producing model.
    private let assets: [(name: String, model: PipelineModel)]
    /// Guards `planByRunID`.
    private let lock = NSLock()
    /// Runs answered so far, so a run's events can be asked for by its id (as the collector does after `runs`).
    private var planByRunID: [String: RunPlan] = [:]

    init(platform: DemoPlatform, checks: DemoChecks, clock: @escaping @Sendable () -> Date) {
        self.platform = platform
        self.checks = checks
        self.clock = clock
        models = platform.core.models.filter(\.isDagster)
        assets = models.flatMap { model in model.spec.produces.map { (name: $0, model: model) } }
    }

    func send(_ request: URLRequest) async throws -> HTTPResponse {
        let now = clock()
        guard let body = request.httpBody,
              let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let operation = object["operationName"] as? String else {
            return try Self.answer(["errors": [["message": "Must provide query string."]]], status: 400)
        }
        let variables = object["variables"] as? [String: Any] ?? [:]
        switch operation {
        case DagsterQuery.workspace.name:
            return try Self.answer(["data": ["workspaceOrError": workspace(at: now)]])
        case DagsterQuery.runs.name:
            let filter = variables["filter"] as? [String: Any]
            let after = (filter?["updatedAfter"] as? Double).map(Date.init(timeIntervalSince1970:)) ?? .distantPast
            let limit = variables["limit"] as? Int ?? 500
            return try Self.answer(["data": ["runsOrError": ["__typename": "Runs", "results": runs(updatedAfter: after, limit: limit, at: now)]]])
        case DagsterQuery.stepFailures.name:
            let runID = variables["runId"] as? String ?? ""
            return try Self.answer(["data": ["logsForRun": stepFailures(runID: runID, at: now)]])
        case DagsterQuery.assets.name:
            if platform.story.dagsterDegraded.contains(now) { throw HTTPTransportError.timeout(seconds: 10) }
            return try Self.answer(["data": ["assetNodes": assetNodes(at: now)]])
        default:
            return try Self.answer(["errors": [["message": "Unknown operation named \"\(operation)\"."]]], status: 400)
        }
    }

    private static func answer(_ object: [String: Any], status: Int = 200) throws -> HTTPResponse {
        HTTPResponse(status: status, body: try JSONSerialization.data(withJSONObject: object))
    }

    // MARK: Workspace

    private func workspace(at now: Date) -> [String: Any] {
        let schedules: [[String: Any]] = models.map { model in
            let cadence = model.cadence
            let last = cadence.trigger(cadence.slot(atOrBefore: now))
            let next = cadence.trigger(cadence.slot(atOrBefore: now) + 1)
            return [
                "name": "\(model.id)_schedule", "cronSchedule": cadence.cron, "executionTimezone": "UTC",
                "pipelineName": model.id,
                "scheduleState": ["status": "RUNNING", "ticks": [["timestamp": last.timeIntervalSince1970, "status": "SUCCESS"]]],
                "futureTicks": ["results": [["timestamp": next.timeIntervalSince1970]]],
            ]
        }
        let repository: [String: Any] = [
            "name": Self.repository,
            "jobs": models.map { ["name": $0.id, "isAssetJob": true] },
            "schedules": schedules,
            "sensors": [[String: Any]](),
        ]
        return ["__typename": "Workspace", "locationEntries": [[
            "name": Self.location, "loadStatus": "LOADED",
            "locationOrLoadError": ["__typename": "RepositoryLocation", "repositories": [repository]],
        ]]]
    }

    // MARK: Runs

    /// Runs created by `now` whose last change (created, started, a step's attempt, ended) is after `after`, newest
    /// first, as Dagster's `updatedAfter` filter answers.
    private func runs(updatedAfter after: Date, limit: Int, at now: Date) -> [[String: Any]] {
        var found: [(plan: RunPlan, updated: Date)] = []
        for model in models {
            for plan in platform.core.plans(model, triggeredAfter: after.addingTimeInterval(-model.maxSpan), upTo: now) {
                let updated = Self.updateTime(plan, at: now)
                if updated > after { found.append((plan, updated)) }
            }
        }
        found.sort { $0.plan.triggerAt > $1.plan.triggerAt }
        let kept = found.prefix(max(0, limit))
        lock.withLock { for (plan, _) in kept { planByRunID[plan.runID] = plan } }
        return kept.compactMap { plan, updated in run(plan, updated: updated, at: now) }
    }

    private static func updateTime(_ plan: RunPlan, at now: Date) -> Date {
        var times = [plan.triggerAt, plan.startAt, plan.endAt]
        for task in plan.tasks {
            times += task.tries.flatMap { [$0.start, $0.end] }
            if let at = task.upstreamFailedAt { times.append(at) }
        }
        return times.filter { $0 <= now }.max() ?? plan.triggerAt
    }

    private func run(_ plan: RunPlan, updated: Date, at now: Date) -> [String: Any]? {
        guard let run = plan.run(at: now) else { return nil }
        var object: [String: Any] = [
            "runId": plan.runID, "jobName": plan.pipelineID, "status": Self.status(run.state),
            "creationTime": plan.triggerAt.timeIntervalSince1970, "updateTime": updated.timeIntervalSince1970,
            "tags": plan.runType == "scheduled"
                ? [["key": "dagster/schedule_name", "value": "\(plan.pipelineID)_schedule"]] : [[String: String]](),
            "repositoryOrigin": ["repositoryLocationName": Self.location, "repositoryName": Self.repository],
            "stepStats": plan.taskInstances(at: now).map { step($0, plan: plan, at: now) },
        ]
        object["startTime"] = run.startedAt?.timeIntervalSince1970 ?? NSNull()
        object["endTime"] = run.endedAt?.timeIntervalSince1970 ?? NSNull()
        return object
    }

    private func step(_ task: TaskInstance, plan: RunPlan, at now: Date) -> [String: Any] {
        let tries = plan.tasks.first { $0.taskID == task.taskID }?.tries.filter { $0.start <= now } ?? []
        return [
            "stepKey": task.taskID, "status": Self.stepStatus(task.state),
            "startTime": (tries.first?.start).map { $0.timeIntervalSince1970 as Any } ?? NSNull(),
            "endTime": task.endedAt.map { $0.timeIntervalSince1970 as Any } ?? NSNull(),
            "attempts": tries.map { ["startTime": $0.start.timeIntervalSince1970] },
        ]
    }

    /// Dagster's run statuses: a created run waits in the run queue, then is STARTED until it ends.
    private static func status(_ state: RunState) -> String {
        switch state {
        case .queued: return "QUEUED"
        case .running, .upForRetry: return "STARTED"
        case .success: return "SUCCESS"
        case .failed, .upstreamFailed: return "FAILURE"
        case .skipped: return "CANCELED"
        }
    }

    /// A step waiting out its retry delay is still in progress for Dagster; one an upstream failure stopped is skipped.
    private static func stepStatus(_ state: RunState) -> Any {
        switch state {
        case .running, .upForRetry: return "IN_PROGRESS"
        case .success: return "SUCCESS"
        case .failed: return "FAILURE"
        case .upstreamFailed, .skipped: return "SKIPPED"
        case .queued: return NSNull()
        }
    }

    // MARK: Step failures

    /// A run's step failure events, one per failed attempt, as `logsForRun` pages them (one page here).
    private func stepFailures(runID: String, at now: Date) -> [String: Any] {
        guard let plan = lock.withLock({ planByRunID[runID] }) else {
            return ["__typename": "RunNotFoundError", "message": "Run \(runID) could not be found."]
        }
        var events: [[String: Any]] = []
        for task in plan.tasks {
            for window in task.tries where window.failed && window.end <= now {
                let message = task.errorMessage ?? "Exception: the op failed"
                events.append([
                    "__typename": "ExecutionStepFailureEvent", "stepKey": task.taskID,
                    "timestamp": String(Int(window.end.timeIntervalSince1970 * 1000)),
                    "error": [
                        "className": "DagsterExecutionStepExecutionError",
                        "message": "dagster._core.errors.DagsterExecutionStepExecutionError: Error occurred while executing op \"\(task.taskID)\":\n",
                        "stack": [String](),
                        "cause": ["className": message.split(separator: ":").first.map(String.init) ?? "Exception",
                                  "message": message, "stack": [String]()],
                    ],
                ])
            }
        }
        return ["__typename": "EventConnection", "cursor": String(events.count), "hasMore": false, "events": events]
    }

    // MARK: Assets

    private func assetNodes(at now: Date) -> [[String: Any]] {
        let latestChecks = Dictionary(grouping: checks.results(after: now.addingTimeInterval(-3600), upTo: now), by: \.dataset)
        let core = platform.core
        // Upstream tables loaded elsewhere (by Airflow, by outside loaders) are external assets: nodes with no job.
        let produced = Set(assets.map(\.name))
        let external = Set(assets.flatMap { core.datasetModels[$0.name]?.upstream ?? [] }).subtracting(produced).sorted()
        let externalNodes: [[String: Any]] = external.map { name in
            var node = Self.emptyNode
            node["assetKey"] = ["path": name.split(separator: ".").map(String.init)]
            node["metadataEntries"] = metadata(name)
            return node
        }
        return externalNodes + assets.map { name, model in
            let key = name.split(separator: ".").map(String.init)
            var node: [String: Any] = [
                "assetKey": ["path": key], "opNames": [key.last ?? name], "jobNames": [model.id],
                "dependencyKeys": (core.datasetModels[name]?.upstream ?? []).map { ["path": $0.split(separator: ".").map(String.init)] },
                "owners": [["__typename": "TeamAssetOwner", "team": model.spec.owner]],
                "metadataEntries": metadata(name),
                "internalFreshnessPolicy": NSNull(),
            ]
            if let run = core.lastSuccess(model, by: now), let loaded = platform.loadedAt(dataset: name, at: now) {
                node["assetMaterializations"] = [["runId": run.runID, "timestamp": String(Int(loaded.timeIntervalSince1970 * 1000))]]
            } else {
                node["assetMaterializations"] = [[String: Any]]()
            }
            let runID = core.lastSuccess(model, by: now)?.runID
            node["assetChecksOrError"] = [
                "__typename": "AssetChecks",
                "checks": (latestChecks[name] ?? []).map { check -> [String: Any] in
                    let severity = check.state == .warn ? "WARN" : "ERROR"
                    let time = check.at.timeIntervalSince1970
                    return ["name": check.name, "executionForLatestMaterialization": [
                        "runId": runID.map { $0 as Any } ?? NSNull(), "status": check.state == .pass ? "SUCCEEDED" : "FAILED", "timestamp": time,
                        "evaluation": ["success": check.state == .pass, "severity": severity,
                                       "description": check.message.map { $0 as Any } ?? NSNull(), "timestamp": time],
                    ]]
                },
            ]
            return node
        }
    }

    /// An asset with no job, no materialization and no check (the fields every node answers).
    private static var emptyNode: [String: Any] { [
        "opNames": [String](), "jobNames": [String](), "dependencyKeys": [[String: Any]](), "owners": [[String: Any]](),
        "internalFreshnessPolicy": NSNull(), "assetMaterializations": [[String: Any]](),
        "assetChecksOrError": ["__typename": "AssetChecks", "checks": [[String: Any]]()] as [String: Any],
    ] }

    /// Where the asset's table lives, as `dagster/uri` (the warehouse table's URI, which Vigil joins by identity).
    private func metadata(_ name: String) -> [[String: Any]] {
        guard let identity = DemoPlatform.identity(name) else { return [] }
        let uri = identity.namespace + "/" + identity.name.split(separator: ".").joined(separator: "/")
        return [["label": "dagster/uri", "__typename": "UrlMetadataEntry", "url": uri]]
    }
}
