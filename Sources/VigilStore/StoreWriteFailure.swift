import Foundation
import GRDB

/// Turns SQLite's failures into the `StoreError` a person can act on: a full disk or a read-only file system
/// are named as such, with what to do, instead of SQLite's terse "database or disk is full".
enum StoreWriteFailure {
    static func map(_ error: any Error, path: String) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_FULL:
            return StoreError.diskFull(path: path)
        case .SQLITE_READONLY:
            return StoreError.notWritable(path: path, reason: error.message ?? "\(error)")
        default:
            return error
        }
    }

    /// Why the store or its directory cannot be written (e.g. "Read-only file system"), or nil when both can.
    /// In WAL mode SQLite writes the -wal and -shm files next to the store even to read it, so an open on a
    /// read-only file system fails with a bare "unable to open database file" that this explains.
    static func unwritable(path: String) -> String? {
        let dir = (path as NSString).deletingLastPathComponent
        for target in [path, dir.isEmpty ? "." : dir] where access(target, W_OK) != 0 && errno != ENOENT {
            return String(cString: strerror(errno))
        }
        return nil
    }
}
