import Foundation
import Testing
@testable import VigilCollectors

/// A failed try's error from Airflow 2's text log (API v1, `Accept: text/plain`), as the real 2.10.5 of
/// scripts/airflow2-integration wrote it (Fixtures/airflow-2.10.5/task_log_*.txt, see the README there).
@Suite struct AirflowTextLogTests {
    typealias F = AirflowFixtures
    static let raised = "RuntimeError: CRM refused the batch (vigil airflow 2 integration test)"
    /// The DAG raises the RuntimeError `from` a ConnectionError: Python prints the cause first.
    static let chained = raised + "\ncaused by ConnectionError: crm.example:443 refused the connection"

    @Test func theLastTracebacksExceptionComesFirstThenItsCause() throws {
        #expect(AirflowMapping.taskError(text: try F.v1Text("task_log_vigil2_retry_fail_push_to_crm_try2.txt")) == Self.chained)
        // The first try failed the same way before it was retried (up_for_retry): its own log says so.
        #expect(AirflowMapping.taskError(text: try F.v1Text("task_log_vigil2_retry_fail_push_to_crm_try1.txt")) == Self.chained)
    }

    @Test func aSuccessfulTryAndATryThatNeverRanHaveNoError() throws {
        #expect(AirflowMapping.taskError(text: try F.v1Text("task_log_vigil2_produce_load_orders_try1.txt")) == nil)
        // Airflow answers 200 with a note that it found no log for a try that never ran.
        #expect(AirflowMapping.taskError(text: try F.v1Text("task_log_vigil2_retry_fail_push_to_crm_try3_never_ran.txt")) == nil)
    }

    @Test func withoutATracebackTheLastErrorRecordsAreTheMessage() {
        let log = """
            [2026-12-03T07:28:14.240+0000] {taskinstance.py:3313} INFO - starting
            [2026-12-03T07:28:14.241+0000] {a.py:1} ERROR - first problem
            [2026-12-03T07:28:14.242+0000] {a.py:2} ERROR - second problem
            [2026-12-03T07:28:14.243+0000] {a.py:3} WARNING - a warning
            [2026-12-03T07:28:14.244+0000] {a.py:4} CRITICAL - third problem
            [2026-12-03T07:28:14.245+0000] {local_task_job_runner.py:266} ERROR - Task exited with return code -9
            """
        #expect(AirflowMapping.taskError(text: log) == "second problem\nthird problem\nTask exited with return code -9")
        #expect(AirflowMapping.taskError(text: "[2026-12-03T07:28:14.240+0000] {a.py:1} INFO - all good\n") == nil)
    }

    @Test func handlingChainsMultiLineMessagesAndOnlyTheLastChain() {
        let log = """
            [2026-12-03T07:00:00.000+0000] {a.py:1} ERROR - an earlier failure
            Traceback (most recent call last):
              File "a.py", line 1, in f
            OSError: an earlier, unrelated exception
            [2026-12-03T07:00:01.000+0000] {taskinstance.py:3313} ERROR - Task failed with exception
            Traceback (most recent call last):
              File "a.py", line 2, in g
                raise KeyError("id")
            KeyError: 'id'

            During handling of the above exception, another exception occurred:

            Traceback (most recent call last):
              File "a.py", line 4, in g
                raise ValueError("bad row\\nrow 7: id missing")
            ValueError: bad row
            row 7: id missing
            [2026-12-03T07:00:02.000+0000] {taskinstance.py:1226} INFO - Marking task as FAILED.
            """
        #expect(AirflowMapping.taskError(text: log) == "ValueError: bad row\nrow 7: id missing\nduring handling of KeyError: 'id'")
    }

    @Test func aHugeMessageIsCutOnACharacterBoundary() {
        let log = "Traceback (most recent call last):\n  File \"a.py\", line 1\nValueError: " + String(repeating: "数", count: 5_000)
        let message = AirflowMapping.taskError(text: log) ?? ""
        #expect(message.utf8.count <= AirflowMapping.maxTaskErrorBytes && message.utf8.count > 4_000)
        #expect(message.hasPrefix("ValueError: 数数") && message.hasSuffix("数…"))
    }

    /// Whatever a task printed: cut-off tracebacks, separators alone, control characters, invalid UTF-8 (decoded
    /// with replacement characters) give a message or nil, never a crash.
    @Test func brokenLogsNeverCrash() throws {
        let real = try F.v1Text("task_log_vigil2_retry_fail_push_to_crm_try2.txt")
        let lines = real.split(separator: "\n", omittingEmptySubsequences: false)
        for cut in stride(from: 0, to: lines.count, by: 3) {
            let message = AirflowMapping.taskError(text: lines.prefix(cut).joined(separator: "\n"))
            #expect(message.map { $0.utf8.count <= AirflowMapping.maxTaskErrorBytes } ?? true)
        }
        for text in ["Traceback (most recent call last):", "Traceback (most recent call last):\n  File x\n",
                     "The above exception was the direct cause of the following exception:\nValueError: x",
                     "\r\n\r\n\u{1B}[2J\u{0}", String(decoding: [0xFF, 0xFE, 0x0A, 0xC3] as [UInt8], as: UTF8.self)] {
            _ = AirflowMapping.taskError(text: text)
        }
    }
}
