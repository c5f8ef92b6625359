import Foundation
import Testing

/// The dbt artifacts read with JSONSerialization, on purpose not through the collector's decoders, so the
/// tests compare the store with what dbt wrote rather than with the collector's own reading of it.
struct RawDbtArtifacts {
    typealias Object = [String: Any]

    let manifest: Object
    let runResults: Object
    let sources: Object

    init(directory: String) throws {
        func load(_ name: String) throws -> Object {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name))
            return try #require(try JSONSerialization.jsonObject(with: data) as? Object, "\(name) is not an object")
        }
        manifest = try load("manifest.json")
        runResults = try load("run_results.json")
        sources = try load("sources.json")
    }

    var projectName: String { (manifest["metadata"] as? Object)?["project_name"] as? String ?? "" }
    var invocationID: String { (runResults["metadata"] as? Object)?["invocation_id"] as? String ?? "" }
    var which: String? { (runResults["args"] as? Object)?["which"] as? String }
    var results: [Object] { runResults["results"] as? [Object] ?? [] }
    var sourceResults: [Object] { sources["results"] as? [Object] ?? [] }
    var nodes: [String: Object] { manifest["nodes"] as? [String: Object] ?? [:] }
    var manifestSources: [String: Object] { manifest["sources"] as? [String: Object] ?? [:] }

    /// Models, seeds and snapshots that leave a table or view.
    var relationNodes: [String: Object] {
        nodes.filter { ["model", "seed", "snapshot"].contains($0.value["resource_type"] as? String ?? "")
            && ((($0.value["config"] as? Object)?["materialized"] as? String) != "ephemeral") }
    }

    /// "schema.alias" for relation nodes, "schema.identifier" for sources.
    func relationName(_ uniqueID: String) -> String? {
        if let node = relationNodes[uniqueID] {
            return "\(node["schema"] as? String ?? "").\(node["alias"] as? String ?? node["name"] as? String ?? "")"
        }
        if let source = manifestSources[uniqueID] {
            return "\(source["schema"] as? String ?? "").\(source["identifier"] as? String ?? "")"
        }
        return nil
    }

    func dependsOn(_ uniqueID: String) -> [String] {
        ((nodes[uniqueID]?["depends_on"] as? Object)?["nodes"] as? [String]) ?? []
    }

    /// Relation nodes that read `uniqueID`, directly or not.
    func downstream(of uniqueID: String) -> Set<String> {
        var reached: Set<String> = [uniqueID]
        var changed = true
        while changed {
            changed = false
            for id in relationNodes.keys where !reached.contains(id) && dependsOn(id).contains(where: reached.contains) {
                reached.insert(id)
                changed = true
            }
        }
        return reached.subtracting([uniqueID])
    }

    /// "model.vigil_it.stg_orders" -> "stg_orders": the task id Vigil shows for the project's own nodes.
    func taskID(_ uniqueID: String) -> String {
        var parts = uniqueID.split(separator: ".").map(String.init)
        parts.removeFirst()
        if parts.first == projectName { parts.removeFirst() }
        return parts.joined(separator: ".")
    }

    /// A result's first phase start and last phase end; nil for nodes that never ran.
    static func span(_ result: Object) -> (start: Date?, end: Date?) {
        let timing = result["timing"] as? [Object] ?? []
        let starts = timing.compactMap { ($0["started_at"] as? String).flatMap(parseTimestamp) }
        let ends = timing.compactMap { ($0["completed_at"] as? String).flatMap(parseTimestamp) }
        return (starts.min(), ends.max())
    }
}

/// dbt's timestamps ("2026-11-27T00:07:16.295568Z", "...+00:00"), microseconds kept; independent of the
/// collector's parser. Whole seconds by ISO8601DateFormatter, the fraction added as a number.
func parseTimestamp(_ text: String) -> Date? {
    guard let match = text.wholeMatch(of: /(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)/) else {
        return nil
    }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    guard let whole = formatter.date(from: "\(match.1)\(match.3)") else { return nil }
    let fraction = match.2.flatMap { Double("0\($0)") } ?? 0
    return whole.addingTimeInterval(fraction)
}

/// Dates go through the store as doubles: equal to the microsecond dbt writes.
func sameInstant(_ a: Date?, _ b: Date?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a.timeIntervalSince(b)) < 1e-5
}
