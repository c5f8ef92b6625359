import Foundation
import VigilStore

/// Appends diagnostic lines to a file next to the store (for a PostgreSQL store, in the default store's folder),
/// never to the terminal the console draws on.
public final class LogFile: @unchecked Sendable {
    private let handle: FileHandle?
    private let lock = NSLock()
    public let path: String

    public init(nextTo storePath: String) {
        let file = Store.isPostgres(storePath) ? Store.defaultPath() : storePath
        if Store.isPostgres(storePath) {
            try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                     withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        path = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("vigil.log").path
        // O_APPEND: several writers (console, in-process collectors, other processes) never overwrite each other.
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        handle = fd >= 0 ? FileHandle(fileDescriptor: fd, closeOnDealloc: true) : nil
    }

    /// Points fd 2 at the log file; returns the saved descriptor for `restoreStandardError`.
    public func redirectStandardError() -> Int32 {
        let saved = dup(STDERR_FILENO)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        if fd >= 0 {
            dup2(fd, STDERR_FILENO)
            close(fd)
        }
        return saved
    }

    public static func restoreStandardError(_ saved: Int32) {
        guard saved >= 0 else { return }
        dup2(saved, STDERR_FILENO)
        close(saved)
    }

    /// A line that cannot be written (a full disk, the file's disk gone) is dropped: the log must never stop the
    /// console (FileHandle's non-throwing write traps on ENOSPC).
    public func write(_ message: String) {
        let line = "\(ISO8601DateFormatter().string(from: Date())) \(message)\n"
        lock.lock()
        defer { lock.unlock() }
        try? handle?.write(contentsOf: Data(line.utf8))
    }
}
