import Foundation

/// Failures a user can act on. Every message names the store path so the fix is obvious.
public enum StoreError: Error, CustomStringConvertible {
    case cannotCreateDirectory(path: String, reason: String)
    case cannotOpen(path: String, reason: String)
    case newerSchema(path: String)
    /// Read-only open of a file that does not exist.
    case missing(path: String)
    /// A write was attempted on a read-only store.
    case readOnly(path: String)

    public var description: String {
        switch self {
        case let .cannotCreateDirectory(path, reason):
            return "cannot create store directory \(path): \(reason)"
        case let .cannotOpen(path, reason):
            return "cannot open store at \(path): \(reason)"
        case let .newerSchema(path):
            return "store at \(path) was written by a newer Vigil; upgrade Vigil or use another --store"
        case let .missing(path):
            return "no store at \(path); start a collector first or pass --store with an existing file"
        case let .readOnly(path):
            return "store at \(path) is open read-only; writes are not allowed"
        }
    }
}

/// A row holds a value this build cannot map onto the domain (e.g. an unknown enum case).
struct StoreDecodingError: Error, CustomStringConvertible {
    var table: String
    var column: String
    var value: String

    var description: String { "unexpected value '\(value)' in \(table).\(column)" }
}
