import Foundation
import Testing
import VigilTestSupport

/// A `vigil-dev stress write` child whose stdout (one `committed N` line per durable batch) goes to a file.
final class StressProcess {
    let pid: pid_t
    let stdoutPath: String
    let stderrPath: String
    private(set) var exitStatus: Int32?

    init(store: String, directory: URL, name: String, arguments: [String] = []) throws {
        stdoutPath = directory.appendingPathComponent("\(name).out").path
        stderrPath = directory.appendingPathComponent("\(name).err").path
        pid = try ChildProcess.spawn(VigilBinary.devPath, ["stress", "write", "--store", store] + arguments,
                                     environment: ProcessInfo.processInfo.environment,
                                     stdout: stdoutPath, stderr: stderrPath)
    }

    /// Batches this writer reported committed so far; a line cut short by a kill does not count.
    var committed: [Int] { Self.numbers(after: "committed ", in: stdout) }

    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Reaps the child if it has exited; the status is 128+N when killed by signal N.
    func poll() -> Int32? {
        if exitStatus != nil { return exitStatus }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { exitStatus = Self.decode(status) }
        return exitStatus
    }

    func wait(timeout: TimeInterval = 120) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while poll() == nil {
            if Date() > deadline {
                kill(pid, SIGKILL)
                throw TmuxError(message: "stress writer \(pid) did not finish in \(Int(timeout)) s")
            }
            usleep(20_000)
        }
        return exitStatus!
    }

    func kill9() -> Int32 {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        exitStatus = Self.decode(status)
        return exitStatus!
    }

    /// Polls until the writer has reported `count` batches (or has exited).
    func waitForCommits(_ count: Int, timeout: TimeInterval = 60) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while committed.count < count {
            if poll() != nil { throw TmuxError(message: "stress writer exited early (\(exitStatus!)): \(stderr)") }
            if Date() > deadline { throw TmuxError(message: "stress writer reported \(committed.count) of \(count) batches") }
            usleep(5_000)
        }
    }

    static func decode(_ status: Int32) -> Int32 {
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Numbers following `prefix` on complete lines (ending in a newline).
    static func numbers(after prefix: String, in text: String) -> [Int] {
        var lines = text.components(separatedBy: "\n")
        lines.removeLast()  // after the last newline: empty, or a line cut short
        return lines.compactMap { $0.hasPrefix(prefix) ? Int($0.dropFirst(prefix.count)) : nil }
    }
}

/// Runs SQL through the sqlite3 CLI (a reader independent of Vigil and GRDB); one output line per row.
func sqlite(_ store: String, _ sql: String) throws -> [String] {
    let r = try runProcess("/usr/bin/env", ["sqlite3", store, sql])
    guard r.status == 0 else { throw TmuxError(message: "sqlite3 \(sql): \(r.stderr)") }
    return r.stdout.split(separator: "\n").map(String.init)
}

/// Stress batch number → count, from rows whose run id is `b<batch>-<index>`.
func batchCounts(_ store: String, table: String) throws -> [Int: Int] {
    let rows = try sqlite(store, """
        SELECT substr(run_id, 2, instr(run_id, '-') - 2), count(*) FROM \(table)
        WHERE source = 'stress' GROUP BY 1
        """)
    var counts: [Int: Int] = [:]
    for row in rows {
        let parts = row.split(separator: "|")
        if parts.count == 2, let b = Int(parts[0]), let c = Int(parts[1]) { counts[b] = c }
    }
    return counts
}

/// The highest `stress batch N committed` a console shows, if any.
func shownBatch(_ screen: String) -> Int? {
    let regex = try! NSRegularExpression(pattern: #"stress batch (\d+) committed"#)
    let range = NSRange(screen.startIndex..., in: screen)
    return regex.matches(in: screen, range: range).compactMap { m in
        Range(m.range(at: 1), in: screen).flatMap { Int(screen[$0]) }
    }.max()
}

/// Store errors a console might show or log under contention.
let storeErrorMarkers = ["database is locked", "locked", "SQLITE_BUSY", "store read failed", "busy"]
