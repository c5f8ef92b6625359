import Foundation

/// Task ids for dbt nodes: the unique_id without its resource type and, for the project's own nodes, without
/// the project name ("model.opsdemo.stg_orders" -> "stg_orders", "test.opsdemo.unique_x.e3b8" -> "unique_x.e3b8").
/// Nodes of installed packages keep the package ("dbt_utils.some_model"). Ids that would collide keep the full unique_id.
struct DbtTaskIDs {
    let project: String
    private let full: Set<String>

    init(project: String, uniqueIDs: some Sequence<String>) {
        self.project = project
        var byShort: [String: Set<String>] = [:]
        for id in uniqueIDs { byShort[Self.short(id, project: project), default: []].insert(id) }
        full = Set(byShort.values.filter { $0.count > 1 }.flatMap { $0 })
    }

    func id(for uniqueID: String) -> String {
        full.contains(uniqueID) ? uniqueID : Self.short(uniqueID, project: project)
    }

    /// "model", "test", "seed", ... from the unique_id's first component.
    static func resourceType(_ uniqueID: String) -> String {
        uniqueID.split(separator: ".", maxSplits: 1).first.map(String.init) ?? uniqueID
    }

    private static func short(_ uniqueID: String, project: String) -> String {
        var parts = uniqueID.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return uniqueID }
        parts.removeFirst()
        if parts.first.map(String.init) == project { parts.removeFirst() }
        return parts.joined(separator: ".")
    }
}
