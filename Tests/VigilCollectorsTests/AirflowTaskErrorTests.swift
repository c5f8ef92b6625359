import Foundation
import Testing
@testable import VigilCollectors

/// A failed try's error, read from its log as Airflow 3.3.2 answers it (Fixtures/airflow-3.3.2/task_log_*).
@Suite struct AirflowTaskErrorTests {
    typealias F = AirflowFixtures

    private func log(_ name: String) throws -> AirflowV2.TaskLog { try F.decodeV2(AirflowV2.TaskLog.self, name) }

    @Test func theRaisedExceptionIsTheMessage() throws {
        let log = try log("task_log_vigil_retry_fail_push_to_crm_try2.json")
        #expect(log.content.count > 5)
        #expect(AirflowMapping.taskError(log) == "RuntimeError: CRM refused the batch (vigil integration test)")
    }

    @Test func aHostileMessageIsKeptAsIsForTheUIToSanitise() throws {
        let message = try #require(AirflowMapping.taskError(try log("task_log_vigil_hostile_explode_try1.json")))
        #expect(message.hasPrefix("ValueError: vigil hostile failure begins \u{1B}[2J"))
        #expect(message.hasSuffix("vigil hostile failure ends"))
        for part in ["\u{1B}]52;c;", "\u{202E}", "\u{1B}]8;;https://evil.example/", "\u{1B}]0;vigil-pwned-title\u{07}",
                     "\u{9B}31m", "\u{200B}", "数据管道失败", "cafe\u{301}"] {
            #expect(message.contains(part), "\(part.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func aSuccessfulTrysLogHasNoError() throws {
        let log = try log("task_log_vigil_ok_load_try1.json")
        #expect(!log.content.isEmpty)
        #expect(AirflowMapping.taskError(log) == nil)
    }

    @Test func withoutAnExceptionTheLastErrorEventsAreTheMessage() {
        let log = AirflowV2.TaskLog(content: [
            .init(event: "starting", level: "info"),
            .init(event: "first problem", level: "error"),
            .init(event: "second problem", level: "ERROR"),
            .init(event: "a warning", level: "warning"),
            .init(event: "third problem", level: "critical"),
            .init(event: "Process exited abnormally", level: "error"),
        ])
        #expect(AirflowMapping.taskError(log) == "second problem\nthird problem\nProcess exited abnormally")
    }

    @Test func causesNotesAndGroupMembersFollowTheRaisedException() {
        let detail: [AirflowV2.ExceptionDetail] = [
            .init(excType: "RuntimeError", excValue: "load failed", excNotes: ["table raw.customers"]),
            .init(excType: "ConnectionError", excValue: "refused", isCause: true),
            .init(excType: "ExceptionGroup", excValue: "2 errors", exceptions: [
                .init(excType: "KeyError", excValue: "'id'"), .init(excType: "TimeoutError", excValue: nil),
            ]),
        ]
        let log = AirflowV2.TaskLog(content: [.init(event: "Task failed with exception", level: "error", errorDetail: detail)])
        #expect(AirflowMapping.taskError(log) == """
            RuntimeError: load failed
              note: table raw.customers
            caused by ConnectionError: refused
            during handling of ExceptionGroup: 2 errors
              - KeyError: 'id'
              - TimeoutError
            """)
    }

    @Test func aHugeMessageIsCutOnACharacterBoundary() {
        let value = String(repeating: "数", count: 5_000)  // 3 bytes each: 15 000 bytes
        let log = AirflowV2.TaskLog(content: [.init(event: "x", level: "error",
                                                    errorDetail: [.init(excType: "ValueError", excValue: value)])])
        let message = AirflowMapping.taskError(log) ?? ""
        #expect(message.utf8.count <= AirflowMapping.maxTaskErrorBytes && message.utf8.count > 4_000)
        #expect(message.hasPrefix("ValueError: 数数") && message.hasSuffix("数…"))
    }

    /// What a task prints lands in its log: entries of other shapes are skipped, not a reason to drop the log.
    @Test func entriesThatAreNotEventsAreSkipped() throws {
        let real = try JSONSerialization.jsonObject(with: F.v2("task_log_vigil_retry_fail_push_to_crm_try2.json"))
        var object = try #require(real as? [String: Any])
        var content = try #require(object["content"] as? [Any])
        content.insert(contentsOf: ["a bare string", 42, NSNull(), ["event": 7, "level": ["x"]], [1, 2]] as [Any], at: 1)
        object["content"] = content
        let log = try AirflowJSON.decode(AirflowV2.TaskLog.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(AirflowMapping.taskError(log) == "RuntimeError: CRM refused the batch (vigil integration test)")
    }

    @Test func garbageIsNoLog() {
        for body in ["", "<html>502 Bad Gateway</html>", #"{"content": "not a list"}"#, #"{"detail": "x"}"#] {
            #expect(throws: (any Error).self) { try AirflowJSON.decode(AirflowV2.TaskLog.self, from: Data(body.utf8)) }
        }
    }

    @Test func mappedTaskIdsSplitBackIntoTaskAndIndex() {
        #expect(AirflowMapping.splitTaskID("load[3]") == ("load", 3))
        #expect(AirflowMapping.splitTaskID("load") == ("load", nil))
        #expect(AirflowMapping.splitTaskID("load[x]") == ("load[x]", nil))
        #expect(AirflowMapping.splitTaskID(AirflowMapping.taskID("a.b-c", mapIndex: 12)) == ("a.b-c", 12))
    }
}
