import Foundation
import VigilStore

/// An advisory lock next to the store that the process running collectors holds, so there is one writer:
/// `vigil collect` takes it, and a console runs collectors itself only when it can take it too.
/// The kernel releases it when the holder exits or crashes, so it never goes stale.
// Sendable: it only holds the lock file open; nothing in it changes after init.
public final class CollectorLock: @unchecked Sendable {
    private let fd: Int32

    /// Returns nil when another process holds the lock. A PostgreSQL store needs none: any number of collector
    /// processes share it, each source collected by the holder of its lease (`CollectorRunner`).
    public init?(storePath: String) {
        guard !Store.isPostgres(storePath) else {
            fd = -1
            return
        }
        let path = storePath + ".collector.lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
    }

    deinit {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
    }
}
