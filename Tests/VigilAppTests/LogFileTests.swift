import Foundation
import Testing
import VigilApp

/// The console's log next to the store: a line that cannot be written (the disk full) is dropped, never a crash.
@Suite struct LogFileTests {
    @Test func aFullDiskDropsTheLineAndTheConsoleGoesOn() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // /dev/full answers every write with ENOSPC, as a full file system does.
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("vigil.log").path, withDestinationPath: "/dev/full")
        let log = LogFile(nextTo: dir.appendingPathComponent("vigil.db").path)
        log.write("store read failed: the disk is full")
        log.write("and again")

        // Where there is room, the lines land.
        let roomy = dir.appendingPathComponent("roomy")
        try FileManager.default.createDirectory(at: roomy, withIntermediateDirectories: true)
        LogFile(nextTo: roomy.appendingPathComponent("vigil.db").path).write("store read failed: the disk is full")
        let text = try String(contentsOf: roomy.appendingPathComponent("vigil.log"), encoding: .utf8)
        #expect(text.hasSuffix(" store read failed: the disk is full\n"))
    }
}
