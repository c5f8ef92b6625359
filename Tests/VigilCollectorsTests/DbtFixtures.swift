import Foundation
import VigilCollectors

/// The real dbt 1.11 artifacts under Fixtures/dbt-1.11 (see its README), read by path, and scratch target
/// directories built from them.
enum DbtFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/dbt-1.11")

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }
    static func data(_ name: String) throws -> Data { try Data(contentsOf: url(name)) }
    static func text(_ name: String) throws -> String { try String(contentsOf: url(name), encoding: .utf8) }

    static func manifest() throws -> DbtManifest { try DbtArtifacts.loadManifest(url("manifest.json")) }
    static func buildResults() throws -> DbtRunResults { try DbtArtifacts.loadRunResults(url("run_results_build.json")) }
    static func runWithError() throws -> DbtRunResults { try DbtArtifacts.loadRunResults(url("run_results_run_with_error.json")) }
    static func sources() throws -> DbtSourcesResults { try DbtArtifacts.loadSources(url("sources.json")) }

    /// The build invocation with its freshness check, mapped for source "dbt".
    static func buildBatch() throws -> DbtBatch {
        try DbtMapping.batch(manifest: manifest(), runResults: buildResults(), sources: sources(), source: "dbt")
    }

    /// A fresh temporary directory, removed by the caller via `TargetDir.remove()`.
    final class TargetDir {
        let url: URL

        /// With `files` as (name in target, fixture name) pairs.
        init(_ files: [(String, String)] = [("manifest.json", "manifest.json"),
                                            ("run_results.json", "run_results_build.json"),
                                            ("sources.json", "sources.json")]) throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-dbt-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            for (name, fixture) in files { try put(name, DbtFixtures.data(fixture)) }
        }

        func put(_ name: String, _ data: Data) throws {
            // Write a new file and rename it over the old one, as a fresh inode makes the change visible
            // even when size and mtime happen to match.
            let temp = url.appendingPathComponent(".\(name).tmp")
            try data.write(to: temp)
            _ = try? FileManager.default.removeItem(at: url.appendingPathComponent(name))
            try FileManager.default.moveItem(at: temp, to: url.appendingPathComponent(name))
        }

        func put(_ name: String, text: String) throws { try put(name, Data(text.utf8)) }

        func remove() { try? FileManager.default.removeItem(at: url) }
    }
}

/// An instant written as whole UTC seconds plus a fraction, parsed independently of the collector's own parser.
func dbtUTC(_ seconds: String, plus fraction: Double = 0) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.date(from: seconds)!.addingTimeInterval(fraction)
}

/// Dates survive JSON and the store as doubles; compare to the microsecond dbt writes.
func sameInstant(_ a: Date?, _ b: Date?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a.timeIntervalSince(b)) < 1e-5
}
