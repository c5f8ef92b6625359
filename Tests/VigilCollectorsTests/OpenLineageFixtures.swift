import Foundation

/// The real OpenLineage 1.54 events under Fixtures/openlineage-1.54 (see its README), read by path.
enum OpenLineageFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/openlineage-1.54")

    static func data(_ name: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(name)) }

    /// Every captured event file, in capture order per emitter.
    static func all() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
    }

    static let pythonClient = (1...11).map { String(format: "ol-%03d.json", $0) }
    static let dbtArtifacts = (1...8).map { String(format: "dbtol-%03d.json", $0) }
    static let dbtLive = (1...30).map { String(format: "dbtsl-%03d.json", $0) }

    /// A captured event with one change to its JSON (a top-level or nested key set or removed).
    static func mutated(_ name: String, _ change: (inout [String: Any]) -> Void) throws -> Data {
        var object = try JSONSerialization.jsonObject(with: data(name)) as! [String: Any]
        change(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }
}
