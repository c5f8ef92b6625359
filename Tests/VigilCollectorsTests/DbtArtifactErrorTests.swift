import Foundation
import Testing
import VigilCollectors

/// Old schemas, broken files and missing files become typed errors that name the file; nothing crashes.
@Suite struct DbtArtifactErrorTests {
    /// A copy of `fixture` saved as `name` with `from` replaced by `to`, loaded with `load`.
    private func loadMutated<T>(_ fixture: String, as name: String, replacing from: String, with to: String,
                                _ load: (URL) throws -> T) throws -> T {
        let text = try DbtFixtures.text(fixture)
        #expect(text.contains(from), "the fixture must contain what the test mutates")
        let dir = try DbtFixtures.TargetDir([])
        defer { dir.remove() }
        try dir.put(name, text: text.replacingOccurrences(of: from, with: to))
        return try load(dir.url.appendingPathComponent(name))
    }

    @Test func olderManifestIsRejectedWithAClearMessage() throws {
        let error = #expect(throws: DbtArtifactError.self) {
            try loadMutated("manifest.json", as: "manifest.json", replacing: "dbt/manifest/v12.json",
                            with: "dbt/manifest/v11.json", DbtArtifacts.loadManifest)
        }
        #expect(error == .unsupportedVersion(file: "manifest.json", found: "manifest/v11",
                                             supported: "manifest/v12 (dbt 1.8 and later)"))
        #expect(error?.description == "manifest.json has unsupported schema manifest/v11; Vigil reads manifest/v12 "
                + "(dbt 1.8 and later). Re-run with a dbt that writes it")
    }

    @Test func olderRunResultsAndSourcesAreRejected() throws {
        let runResults = #expect(throws: DbtArtifactError.self) {
            try loadMutated("run_results_build.json", as: "run_results.json", replacing: "run-results/v6.json",
                            with: "run-results/v5.json", DbtArtifacts.loadRunResults)
        }
        #expect(runResults == .unsupportedVersion(file: "run_results.json", found: "run-results/v5",
                                                  supported: "run-results/v6 (dbt 1.8 and later)"))
        let sources = #expect(throws: DbtArtifactError.self) {
            try loadMutated("sources.json", as: "sources.json", replacing: "sources/v3.json",
                            with: "sources/v2.json", DbtArtifacts.loadSources)
        }
        #expect(sources?.file == "sources.json")
        #expect(sources?.description.contains("sources/v2") == true)
    }

    @Test func anotherArtifactInPlaceOfTheManifestIsNamed() throws {
        let dir = try DbtFixtures.TargetDir([("manifest.json", "run_results_build.json")])
        defer { dir.remove() }
        let error = #expect(throws: DbtArtifactError.self) {
            try DbtArtifacts.loadManifest(dir.url.appendingPathComponent("manifest.json"))
        }
        #expect(error == .unsupportedVersion(file: "manifest.json", found: "run-results/v6",
                                             supported: "manifest/v12 (dbt 1.8 and later)"))
    }

    @Test func truncatedJSONIsMalformedAndNamesTheFile() throws {
        let text = try DbtFixtures.text("run_results_build.json")
        let dir = try DbtFixtures.TargetDir([])
        defer { dir.remove() }
        try dir.put("run_results.json", text: String(text.prefix(text.count / 2)))
        let error = #expect(throws: DbtArtifactError.self) {
            try DbtArtifacts.loadRunResults(dir.url.appendingPathComponent("run_results.json"))
        }
        #expect(error == .malformed(file: "run_results.json", reason: "not valid JSON (truncated or corrupt)"))
        #expect(error?.description == "run_results.json is not a usable dbt artifact: not valid JSON (truncated or corrupt)")
    }

    @Test func missingFieldAndBadTimestampArePathQualified() throws {
        let noResults = #expect(throws: DbtArtifactError.self) {
            try loadMutated("sources.json", as: "sources.json", replacing: "\"results\":", with: "\"outcomes\":",
                            DbtArtifacts.loadSources)
        }
        #expect(noResults == .malformed(file: "sources.json", reason: "missing key 'results'"))

        let badTime = #expect(throws: DbtArtifactError.self) {
            try loadMutated("sources.json", as: "sources.json", replacing: "\"max_loaded_at\": \"2026-11-26T18:22:49.663281+00:00\"",
                            with: "\"max_loaded_at\": \"yesterday\"", DbtArtifacts.loadSources)
        }
        #expect(badTime?.file == "sources.json")
        #expect(badTime?.description.contains("results[0].max_loaded_at") == true)
        #expect(badTime?.description.contains("not a timestamp: yesterday") == true)
    }

    @Test func missingTargetDirAndMissingRunResultsAreNotFound() throws {
        let nowhere = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-dbt-absent-\(UUID().uuidString)")
        #expect(throws: DbtArtifactError.targetDirNotFound(path: nowhere.path)) { try DbtArtifacts.load(from: nowhere) }

        let dir = try DbtFixtures.TargetDir([("manifest.json", "manifest.json")])
        defer { dir.remove() }
        let error = #expect(throws: DbtArtifactError.self) { try DbtArtifacts.load(from: dir.url) }
        #expect(error == .notFound(file: "run_results.json", directory: dir.url.path))
        #expect(error?.description.contains("run `dbt build`") == true)
    }

    @Test func aBadSourcesFileDoesNotSinkTheOthers() throws {
        let dir = try DbtFixtures.TargetDir()
        defer { dir.remove() }
        try dir.put("sources.json", text: "{\"metadata\": ")
        let artifacts = try DbtArtifacts.load(from: dir.url)
        #expect(artifacts.runResults.results.count == 13)
        guard case let .failure(error) = artifacts.sources else {
            Issue.record("expected a sources.json failure, got \(String(describing: artifacts.sources))")
            return
        }
        #expect(error.file == "sources.json")
    }

    @Test func descriptionsAreOneBoundedLine() {
        let hostile = DbtArtifactError.malformed(file: "run_results.json",
                                                 reason: "line one\nline two\u{1B}[31m red\t" + String(repeating: "x", count: 1000))
        let text = hostile.description
        #expect(!text.contains("\n"))
        #expect(!text.unicodeScalars.contains { $0.properties.generalCategory == .control })
        #expect(text.count <= 300)
        #expect(text.hasPrefix("run_results.json is not a usable dbt artifact: line one line two red x"))
    }
}
