import Foundation
import Testing
import VigilCollectors
import VigilCore
import VigilStore
import VigilTestSupport

/// Task logs through the real URLSessionTransport and a loopback server: a huge log is cut off at the log cap
/// while it streams in (not downloaded whole), and a log cut short costs only its message.
@Suite struct AirflowTaskLogServerTests {
    typealias Rig = LocalAirflowRig
    typealias F = AirflowFixtures
    let start = dbtUTC("2026-11-26T21:30:00Z")
    static let log = "/api/v2/dags/customer_sync/dagRuns/\(F.manualCustomerSyncPath)/taskInstances/push_to_crm/logs/2"

    private func push(_ rig: Rig) throws -> TaskInstance? {
        try rig.store.taskInstances(source: Rig.source, pipelineID: "customer_sync", runID: F.manualCustomerSync)
            .first { $0.taskID == "push_to_crm" }
    }

    @Test func theRealLogGivesTheMessage() async throws {
        let rig = try Rig(start: start)
        defer { rig.stop() }
        rig.server.respond(Self.log, with: .json(try F.v2("task_log_vigil_retry_fail_push_to_crm_try2.json")))
        guard case let .updated(summary) = await rig.collector.collect() else { Issue.record("pass failed"); return }
        #expect(summary.health == .ok)
        #expect(try push(rig)?.errorMessage == "RuntimeError: CRM refused the batch (vigil integration test)")
        #expect(rig.server.requests(to: Self.log).count == 1)
    }

    @Test func aHugeLogIsAbandonedAtTheLogCap() async throws {
        // 20 MB of unknown length at 8 MB/s against a 64 KB log cap (the pass's own cap stays 16 MB).
        let rig = try Rig(start: start) { $0.maxTaskLogBytes = 65_536 }
        defer { rig.stop() }
        let huge = Data(repeating: UInt8(ascii: " "), count: 20 * 1_048_576)
        rig.server.respond(Self.log, with: CannedResponse(body: huge, announcesLength: false, bytesPerSecond: 8 * 1_048_576))
        guard case let .updated(summary) = await rig.collector.collect() else { Issue.record("pass failed"); return }
        #expect(summary.health == .ok && summary.notes.isEmpty)
        #expect(try push(rig)?.errorMessage == nil)
        #expect(await rig.server.settled())
        let answer = try #require(rig.server.requests(to: Self.log).last)
        #expect(answer.delivery == .abandoned)
        #expect(answer.bodyBytesSent >= 65_536 && answer.bodyBytesSent < 4 * 1_048_576)
    }

    @Test func aLogAnnouncedTooBigIsNotRead() async throws {
        let rig = try Rig(start: start) { $0.maxTaskLogBytes = 65_536 }
        defer { rig.stop() }
        // At a network's pace: over loopback at memory speed all of it could be in before the cancel took effect.
        let huge = Data(repeating: UInt8(ascii: " "), count: 20 * 1_048_576)
        var answer = CannedResponse.json(huge)
        answer.bytesPerSecond = 8 * 1_048_576
        rig.server.respond(Self.log, with: answer)
        guard case let .updated(summary) = await rig.collector.collect() else { Issue.record("pass failed"); return }
        #expect(summary.health == .ok)
        #expect(await rig.server.settled())
        let sent = try #require(rig.server.requests(to: Self.log).last)
        #expect(sent.delivery == .abandoned && sent.bodyBytesSent < huge.count)
        #expect(try push(rig)?.errorMessage == nil)
    }

    @Test func aLogCutShortLeavesTheMessageEmpty() async throws {
        let rig = try Rig(start: start)
        defer { rig.stop() }
        var answer = CannedResponse.json(try F.v2("task_log_vigil_retry_fail_push_to_crm_try2.json"))
        answer.closeAfterBytes = 500
        rig.server.respond(Self.log, with: answer)
        guard case let .updated(summary) = await rig.collector.collect() else { Issue.record("pass failed"); return }
        #expect(summary.health == .ok)
        #expect(try push(rig)?.errorMessage == nil)
    }
}
