import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which file a path named when the store opened it (device and inode). SQLite keeps writing to an open file
/// after it is deleted or replaced, so without this check a console would show frozen data as if it were live,
/// and a collector would write into a file nobody can open again.
struct StoreFileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64

    /// The file at `path` now; nil when there is none.
    static func current(_ path: String) -> StoreFileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return StoreFileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}

extension Store {
    /// Throws `.replaced` when the store's path no longer names the file this store opened.
    /// A stat per call: cheap enough for the console's four polls a second and for every write.
    public func checkFile() throws {
        guard let path else { return }
        try checkFile(seen: StoreFileIdentity.current(path))
    }

    /// `checkFile` with the file at the path already looked at (nil: no file there).
    func checkFile(seen current: StoreFileIdentity?) throws {
        guard let path, let opened = fileIdentity else { return }
        guard current == opened else { throw StoreError.replaced(path: path) }
    }
}
