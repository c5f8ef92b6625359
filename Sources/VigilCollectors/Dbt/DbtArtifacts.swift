import Foundation

/// The artifacts of one dbt target directory, read from disk.
public struct DbtArtifacts: Sendable {
    public static let manifestFile = "manifest.json"
    public static let runResultsFile = "run_results.json"
    public static let sourcesFile = "sources.json"

    public var manifest: DbtManifest
    public var runResults: DbtRunResults
    /// nil when `dbt source freshness` has never run here (not an error);
    /// a failure when sources.json exists but cannot be used.
    public var sources: Result<DbtSourcesResults, DbtArtifactError>?

    public init(manifest: DbtManifest, runResults: DbtRunResults, sources: Result<DbtSourcesResults, DbtArtifactError>?) {
        self.manifest = manifest
        self.runResults = runResults
        self.sources = sources
    }

    /// Reads manifest.json and run_results.json (both required) and sources.json (optional) from `targetDir`.
    public static func load(from targetDir: URL) throws -> DbtArtifacts {
        try requireDirectory(targetDir)
        let manifest = try read(DbtManifest.self, manifestFile, in: targetDir)
        let runResults = try read(DbtRunResults.self, runResultsFile, in: targetDir)
        var sources: Result<DbtSourcesResults, DbtArtifactError>?
        if FileManager.default.fileExists(atPath: targetDir.appendingPathComponent(sourcesFile).path) {
            do {
                sources = .success(try read(DbtSourcesResults.self, sourcesFile, in: targetDir))
            } catch let error as DbtArtifactError {
                sources = .failure(error)
            }
        }
        return DbtArtifacts(manifest: manifest, runResults: runResults, sources: sources)
    }

    public static func loadManifest(_ url: URL) throws -> DbtManifest { try read(DbtManifest.self, at: url) }
    public static func loadRunResults(_ url: URL) throws -> DbtRunResults { try read(DbtRunResults.self, at: url) }
    public static func loadSources(_ url: URL) throws -> DbtSourcesResults { try read(DbtSourcesResults.self, at: url) }

    static func requireDirectory(_ dir: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DbtArtifactError.targetDirNotFound(path: dir.path)
        }
    }

    private static func read<T: DbtArtifact>(_ type: T.Type, _ file: String, in dir: URL) throws -> T {
        try read(type, at: dir.appendingPathComponent(file))
    }

    private static func read<T: DbtArtifact>(_ type: T.Type, at url: URL) throws -> T {
        let file = url.lastPathComponent
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DbtArtifactError.notFound(file: file, directory: url.deletingLastPathComponent().path)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let reason = FileManager.default.isReadableFile(atPath: url.path) ? "read failed" : "permission denied"
            throw DbtArtifactError.unreadable(file: file, reason: reason)
        }
        return try DbtArtifactDecoder.decode(type, from: data, file: file)
    }
}
