import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lets an idle console skip the SQL read behind `changeToken`: every commit in WAL mode writes the -wal file
/// (and a checkpoint the main file), so while neither file's size, modification time or inode moved, the
/// counter cannot have. The counter is still read at least every `maxAge`, for file systems with coarse times.
final class ChangeTokenCache: @unchecked Sendable {
    struct Stamp: Equatable {
        var wal: [Int64]
        var main: [Int64]
        /// The main file's device and inode, which `Store.checkFile(seen:)` compares with the file it opened.
        var identity: StoreFileIdentity

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            identity = StoreFileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
            main = Self.fields(info)
            wal = stat(path + "-wal", &info) == 0 ? Self.fields(info) : []
        }

        /// Inode, size and modification time (s, ns).
        private static func fields(_ info: stat) -> [Int64] {
            [Int64(info.st_ino), Int64(info.st_size), Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec)]
        }
    }

    static let maxAge: TimeInterval = 5
    private let lock = NSLock()
    private var last: (stamp: Stamp, token: Int64, at: Date)?

    /// The token read last, when the files have not moved since and it is recent enough.
    func token(for stamp: Stamp?, now: Date = Date()) -> Int64? {
        guard let stamp else { return nil }
        return lock.withLock {
            guard let last, last.stamp == stamp, now.timeIntervalSince(last.at) < Self.maxAge else { return nil }
            return last.token
        }
    }

    func remember(_ token: Int64, stamp: Stamp?, now: Date = Date()) {
        guard let stamp else { return }
        lock.withLock { last = (stamp, token, now) }
    }
}
