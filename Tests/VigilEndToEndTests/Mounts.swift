import Foundation
import VigilTestSupport

/// Real file systems for the full-disk and read-only tests: a small tmpfs, or a read-only bind mount.
/// Tests run as root (CI is root on a fresh Debian machine), where chmod cannot make a file unwritable,
/// so only a mount makes these failures real. Where mounting is not allowed the tests are skipped.
enum Mounts {
    static let available: Bool = {
        guard getuid() == 0, let dir = try? makeTempDirectory("mount-probe") else { return false }
        defer { try? FileManager.default.removeItem(at: dir) }
        guard (try? mount(["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir.path])) != nil else { return false }
        unmount(dir)
        return true
    }()

    /// A tmpfs of `kilobytes` at `dir`.
    static func tmpfs(at dir: URL, kilobytes: Int) throws {
        try mount(["-t", "tmpfs", "-o", "size=\(kilobytes)k,mode=0700", "tmpfs", dir.path])
    }

    /// `source` seen read-only at `dir`.
    static func readOnlyBind(_ source: URL, at dir: URL) throws {
        try mount(["--bind", source.path, dir.path])
        do { try mount(["-o", "remount,bind,ro", dir.path]) } catch {
            unmount(dir)
            throw error
        }
    }

    static func unmount(_ dir: URL) {
        _ = try? ChildProcess.run("/usr/bin/env", ["umount", dir.path], timeout: 20)
    }

    private static func mount(_ arguments: [String]) throws {
        let r = try ChildProcess.run("/usr/bin/env", ["mount"] + arguments, timeout: 20)
        guard r.status == 0 else { throw TmuxError(message: "mount \(arguments.joined(separator: " ")): \(r.stderr)") }
    }
}
