import Foundation
import Testing
@testable import VigilCollectors

/// The one child-process runner: output kept from the right end, stderr apart or merged, the process group killed at
/// the timeout, a program that cannot start said so.
@Suite struct BoundedProcessTests {
    @Test func keepsTheHeadOrTheTailAndSeparatesStderr() {
        let script = "i=0; while [ $i -lt 1000 ]; do echo line$i; i=$((i+1)); done; echo oops >&2; exit 3"
        let head = BoundedProcess.run(["/bin/sh", "-c", script], timeout: 10, keep: .head(12))
        #expect(head.exitStatus == 3 && !head.timedOut && head.startError == nil)
        #expect(String(decoding: head.stdout, as: UTF8.self) == "line0\nline1\n")
        #expect(String(decoding: head.stderr, as: UTF8.self) == "oops\n")
        let tail = BoundedProcess.run(["/bin/sh", "-c", script], mergeStderr: true, timeout: 10, keep: .tail(13))
        #expect(String(decoding: tail.stdout, as: UTF8.self) == "line999\noops\n", "stderr follows stdout in one file")
        #expect(tail.stderr.isEmpty)
    }

    @Test func aTimeoutKillsWhatItStartedToo() {
        let started = Date()
        let r = BoundedProcess.run(["sh", "-c", "echo started; sleep 30 & sleep 30; echo never"], timeout: 0.3, keep: .head(1 << 10))
        #expect(r.timedOut && r.exitStatus == nil)
        #expect(String(decoding: r.stdout, as: UTF8.self) == "started\n")
        #expect(Date().timeIntervalSince(started) < 10, "the background sleep died with its group, nothing held the wait")
    }

    @Test func aMissingProgramIsSaid() {
        let r = BoundedProcess.run(["vigil-no-such-program"], timeout: 1, keep: .head(10))
        #expect(r.exitStatus == nil && r.startError?.contains("could not start vigil-no-such-program") == true)
    }
}
