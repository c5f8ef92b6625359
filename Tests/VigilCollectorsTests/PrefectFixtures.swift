import Foundation
import VigilCollectors

/// The answers captured from a real Prefect 3.9.1 (Fixtures/prefect-3.9/README.md says how), and a route that
/// replays them to `PrefectCollector` like the server would.
enum PrefectFixtures {
    static let root = AirflowFixtures.root.appendingPathComponent("prefect-3.9")
    /// Just after the captures were made: the Late run was expected an hour before.
    static let capturedAt = Date(timeIntervalSince1970: 1_796_316_900)  // 2026-12-03T16:55:00Z

    static func data(_ name: String) throws -> Data { try Data(contentsOf: root.appendingPathComponent(name)) }
    static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T { try AirflowJSON.decode(type, from: data(name)) }

    /// A healthy Prefect as captured; with `apiKey`, every request must carry it as a bearer token.
    static func route(apiKey: String? = nil) -> ReplayTransport.Route {
        { sent in
            if let apiKey, sent.authorization != "Bearer \(apiKey)" {
                return HTTPResponse(status: 401, body: Data())
            }
            let body = String(decoding: sent.body ?? Data(), as: UTF8.self)
            // One page each: a second page (offset > 0) is empty.
            if body.contains(#""offset":200"#) { return .ok(Data("[]".utf8)) }
            switch sent.path {
            case "/api/flows/filter": return .ok(try data("flows_filter.json"))
            case "/api/deployments/filter": return .ok(try data("deployments_filter.json"))
            case "/api/flow_runs/filter":
                return .ok(try data(body.contains("Late") ? "flow_runs_filter_late.json" : "flow_runs_filter_recent.json"))
            case "/api/task_runs/filter": return .ok(try data("task_runs_filter.json"))
            case "/api/work_pools/filter": return .ok(try data("work_pools_filter.json"))
            case "/api/work_queues/filter": return .ok(try data("work_queues_filter.json"))
            // Only the failing validate task's log was captured: every task run answers it.
            case "/api/logs/filter": return .ok(try data("logs_filter_validate.json"))
            default: return HTTPResponse(status: 404, body: Data(#"{"detail":"Not Found"}"#.utf8))
            }
        }
    }
}
