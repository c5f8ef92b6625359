import Foundation
import VigilCore

/// Why the dbt artifacts could not be used. Every case names the file, so `lastError` tells the on-call
/// engineer what to look at; descriptions are single-line, bounded and free of control characters.
public enum DbtArtifactError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The configured target directory does not exist.
    case targetDirNotFound(path: String)
    /// A required artifact is absent (dbt has not run yet, or wrote to another --target-path).
    case notFound(file: String, directory: String)
    case unreadable(file: String, reason: String)
    /// Not JSON, truncated, or missing a field Vigil needs.
    case malformed(file: String, reason: String)
    /// Written by a dbt whose artifact schema this build does not read.
    case unsupportedVersion(file: String, found: String, supported: String)

    /// The artifact file the error is about; nil for a missing target directory.
    public var file: String? {
        switch self {
        case .targetDirNotFound: return nil
        case let .notFound(file, _), let .unreadable(file, _), let .malformed(file, _),
             let .unsupportedVersion(file, _, _):
            return file
        }
    }

    public var description: String {
        let text: String
        switch self {
        case let .targetDirNotFound(path):
            text = "dbt target directory not found: \(path); check the configured target dir or run dbt once"
        case let .notFound(file, directory):
            text = "\(file) not found in \(directory); run `dbt build` (or `dbt run`) to write it"
        case let .unreadable(file, reason):
            text = "\(file) cannot be read: \(reason)"
        case let .malformed(file, reason):
            text = "\(file) is not a usable dbt artifact: \(reason)"
        case let .unsupportedVersion(file, found, supported):
            text = "\(file) has unsupported schema \(found); Vigil reads \(supported). Re-run with a dbt that writes it"
        }
        return TextSanitizer.collapsed(text)
    }
}
