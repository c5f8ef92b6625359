import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing the starter file for `vigil init`: private from its first byte, never clobbering by accident.
public enum StarterConfigFile {
    public enum WriteError: Error, Sendable, Equatable, CustomStringConvertible {
        case exists(path: String)
        case cannotWrite(path: String, reason: String)

        public var description: String {
            switch self {
            case .exists(let path): return "\(path) already exists; pass --force to replace it"
            case let .cannotWrite(path, reason): return "cannot write \(path): \(reason)"
            }
        }
    }

    /// Writes `StarterConfig.text` to `path` with mode 0600, creating missing folders with mode 0700.
    public static func write(to path: String, overwrite: Bool) throws(WriteError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw .cannotWrite(path: path, reason: error.localizedDescription)
            }
        }
        // O_EXCL makes "refuse to overwrite" atomic; O_NOFOLLOW keeps --force from writing through a symlink.
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (overwrite ? O_TRUNC : O_EXCL)
        let fd = open(path, flags, 0o600)
        guard fd >= 0 else {
            let err = errno
            if err == EEXIST { throw .exists(path: path) }
            throw .cannotWrite(path: path, reason: String(cString: strerror(err)))
        }
        defer { close(fd) }
        // The umask cannot widen 0600, but an existing file replaced with --force keeps its old mode otherwise.
        _ = fchmod(fd, 0o600)
        do {
            try FileHandle(fileDescriptor: fd, closeOnDealloc: false).write(contentsOf: Data(StarterConfig.text.utf8))
        } catch {
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
    }
}
