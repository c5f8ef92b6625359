import Foundation

/// What a file looked like on disk: enough to tell "dbt wrote it again" without reading it.
struct DbtFileStamp: Equatable, Sendable {
    var size: UInt64
    var modified: Date?
    /// Changes when a tool replaces the file by renaming a new one over it.
    var inode: UInt64?

    /// nil when the file does not exist (or cannot be stat'ed).
    static func of(_ url: URL) -> DbtFileStamp? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else { return nil }
        return DbtFileStamp(size: (attributes[.size] as? NSNumber)?.uint64Value ?? 0,
                            modified: attributes[.modificationDate] as? Date,
                            inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value)
    }
}

/// The stamps of a target directory's three artifacts; equal stamps mean nothing to re-read.
struct DbtFileStamps: Equatable, Sendable {
    var directoryExists: Bool
    var manifest: DbtFileStamp?
    var runResults: DbtFileStamp?
    var sources: DbtFileStamp?

    static func of(_ dir: URL) -> DbtFileStamps {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDirectory) && isDirectory.boolValue
        return DbtFileStamps(directoryExists: exists,
                             manifest: DbtFileStamp.of(dir.appendingPathComponent(DbtArtifacts.manifestFile)),
                             runResults: DbtFileStamp.of(dir.appendingPathComponent(DbtArtifacts.runResultsFile)),
                             sources: DbtFileStamp.of(dir.appendingPathComponent(DbtArtifacts.sourcesFile)))
    }
}
