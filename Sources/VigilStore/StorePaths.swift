import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Store {
    /// $XDG_STATE_HOME/vigil/vigil.db, else $HOME/.local/state/vigil/vigil.db (XDG Base Directory spec).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        // The spec says relative XDG paths are invalid and must be ignored.
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return (state as NSString).appendingPathComponent("vigil/vigil.db")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".local/state/vigil/vigil.db")
    }
}

/// File-system preparation done before SQLite touches the path, so the store is private from its first byte.
enum StoreFiles {
    /// Creates the parent directory with mode 0700 when it does not exist yet.
    static func ensureDirectory(for path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        guard !dir.isEmpty else { return }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) {
            if !isDir.boolValue {
                throw StoreError.cannotCreateDirectory(path: dir, reason: "a file with that name exists")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            // The umask may have narrowed or the platform ignored the attribute: enforce it.
            _ = chmod(dir, 0o700)
        } catch {
            throw StoreError.cannotCreateDirectory(path: dir, reason: error.localizedDescription)
        }
    }

    /// Creates an empty file with mode 0600 if absent; SQLite gives its -wal and -shm files the same mode.
    static func ensureFile(at path: String) throws {
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd >= 0 {
            _ = fchmod(fd, 0o600)
            close(fd)
            return
        }
        let err = errno
        if err == EEXIST { return }
        throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(err)))
    }
}
