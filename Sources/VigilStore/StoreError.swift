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
    /// SQLite could not write: the disk (or the file-size limit) is full. Nothing of that write was kept.
    case diskFull(path: String)
    /// SQLite could not write: the file or its file system is read-only.
    case notWritable(path: String, reason: String)
    /// The path no longer names the file that was opened (deleted, or replaced by another file).
    case replaced(path: String)
    /// A PostgreSQL store could not be reached, or the connection to it broke or stopped answering.
    case unreachable(path: String, reason: String)
    /// A PostgreSQL store refused a statement (permissions, a constraint).
    case server(path: String, sqlstate: String?, reason: String)

    /// `failure` of the PostgreSQL store at `location` (its message is masked already). A server that is there but
    /// not answering in time or at all (a statement timeout, shutting down or starting up, out of connections or
    /// resources) is unreachable like a cut connection: the store is not answering, and will again by itself.
    static func postgres(location: String, _ failure: PostgresFailure) -> StoreError {
        if failure.isConnectionFailure { return .unreachable(path: location, reason: failure.message) }
        if let code = failure.sqlstate, ["57", "53", "08"].contains(String(code.prefix(2))) {
            return .unreachable(path: location, reason: "\(failure.message) (SQLSTATE \(code))")
        }
        return .server(path: location, sqlstate: failure.sqlstate, reason: failure.message)
    }

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
        case let .diskFull(path):
            return "store at \(path): the disk is full, nothing was written; free space on its file system (or use another --store)"
        case let .notWritable(path, reason):
            return "store at \(path) cannot be written (\(reason)); Vigil needs to write next to the store even to read it: make it writable (remount read-write, fix permissions) or copy it elsewhere and pass --store"
        case let .replaced(path):
            return "store file \(path) was deleted or replaced; restart Vigil to open the file now at that path"
        case let .unreachable(path, reason):
            // The change feed says since when: "store at … unreachable since 10:21:37 UTC: connection refused".
            guard reason.hasPrefix("since "), let colon = reason.range(of: ": ") else { return "store at \(path) is unreachable: \(reason)" }
            return "store unreachable \(reason[..<colon.lowerBound]) (\(path)): \(reason[colon.upperBound...])"
        case let .server(path, sqlstate, reason):
            return "store at \(path) refused a statement: \(reason)" + (sqlstate.map { " (SQLSTATE \($0))" } ?? "")
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
