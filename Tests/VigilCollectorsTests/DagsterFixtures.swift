import Foundation
import Testing
import VigilCollectors
import VigilCore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The captured answers of a real Dagster 1.13 in Fixtures/dagster-1.13 (see its README).
enum DagsterFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/dagster-1.13")

    static func data(_ name: String) throws -> Data { try Data(contentsOf: root.appendingPathComponent(name)) }

    /// The `data` of a captured answer.
    static func decode<T: Decodable & Sendable>(_ type: T.Type, _ name: String) throws -> T {
        let envelope = try JSONDecoder().decode(DagsterWire.Envelope<T>.self, from: data(name))
        return try #require(envelope.data)
    }

    static func workspace() throws -> [DagsterWire.LocationEntry] {
        try #require(decode(DagsterWire.WorkspaceData.self, "workspace.json").workspaceOrError.locationEntries)
    }

    static func runs() throws -> [DagsterWire.Run] {
        try #require(decode(DagsterWire.RunsData.self, "runs.json").runsOrError.results)
    }

    static func assets(_ name: String = "assets.json") throws -> [DagsterWire.AssetNode] {
        try decode(DagsterWire.AssetsData.self, name).assetNodes
    }

    /// A moment after the captures: the runs finished minutes before, the ticking schedule's last tick a minute before.
    static let now = Date(timeIntervalSince1970: 1_796_316_030)
    /// The failed run (report_job) and its failed step.
    static let failedRunID = "8df377db-10c9-4bd2-ae3c-0a1b1e48aa31"
    static let failedStep = "revenue_report"
    static let stepError = "Exception: simulated failure: upstream revenue table locked"

    /// The operation a request asks for and its variables, as Dagster would read the body.
    static func operation(_ sent: SentRequest) -> (name: String, variables: [String: Any]) {
        let body = (try? JSONSerialization.jsonObject(with: sent.body ?? Data())) as? [String: Any] ?? [:]
        return (body["operationName"] as? String ?? "", body["variables"] as? [String: Any] ?? [:])
    }
}

/// A healthy Dagster as captured: each query answers with the file captured for it. `eventsPage` answers the step
/// failures of the failed run (the whole list by default).
func dagster(eventsPage: @escaping @Sendable ([String: Any]) -> String = { _ in "step_failures_report_job.json" })
    -> ReplayTransport.Route {
    { sent in
        let (name, variables) = DagsterFixtures.operation(sent)
        switch name {
        case DagsterQuery.workspace.name: return .ok(try DagsterFixtures.data("workspace.json"))
        case DagsterQuery.runs.name: return .ok(try DagsterFixtures.data("runs.json"))
        case DagsterQuery.assets.name: return .ok(try DagsterFixtures.data("assets.json"))
        case DagsterQuery.stepFailures.name:
            guard variables["runId"] as? String == DagsterFixtures.failedRunID else {
                return .ok(try DagsterFixtures.data("step_failures_run_not_found.json"))
            }
            return .ok(try DagsterFixtures.data(eventsPage(variables)))
        default: return HTTPResponse(status: 400, body: try DagsterFixtures.data("error_400_unknown_field.json"))
        }
    }
}
