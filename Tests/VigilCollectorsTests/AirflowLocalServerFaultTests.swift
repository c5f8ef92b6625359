import Foundation
import Testing
import VigilCollectors
import VigilCore
import VigilStore
import VigilTestSupport

/// The collector's fault handling end to end: the real URLSessionTransport talking HTTP/1.1 to a loopback server
/// (LoopbackHTTPServer) that first answers like a healthy Airflow 3.3.2 (the captured fixtures), then fails in one
/// way, then is healthy again. Each fault must mark the source down with a message naming the source and what
/// failed, keep every stored run, and the next poll must recover by itself.
@Suite struct AirflowLocalServerFaultTests {
    typealias Rig = LocalAirflowRig
    let start = dbtUTC("2026-11-26T21:30:00Z")
    static let dagRuns = "/api/v2/dags/~/dagRuns"
    /// 8 MB/s: 20 MB take 2.5 s to send.
    static let networkPace = 8 * 1_048_576

    // MARK: - Steps every scenario shares

    /// A good first pass: 3 DAGs, 5 runs, 4 task instances stored; the source ok.
    private func firstPass(_ rig: Rig) async throws -> Stored {
        let result = await rig.collector.collect()
        guard case let .updated(summary) = result else { throw Failure("the first pass failed: \(result)") }
        #expect(summary.health == .ok && summary.notes.isEmpty)
        #expect(summary.pipelines == 3 && summary.runs == 5 && summary.taskInstances == 4)
        #expect(rig.status?.health == .ok)
        let stored = try Stored(rig)
        #expect(stored.runs.values.map(\.count).reduce(0, +) == 5 && stored.tasks.count == 4)
        // The login went out once, and every API read carried its token.
        #expect(rig.server.requests(to: "/auth/token").count == 1)
        #expect(rig.server.requests.filter { $0.path.hasPrefix("/api/v2/dags") }
            .allSatisfy { $0.authorization == "Bearer \(LocalAirflow.token)" })
        return stored
    }

    /// After a failed pass: the source is down with `message`, still dated by the first pass, and the data is
    /// exactly what the first pass stored.
    private func expectDownKeepingData(_ rig: Rig, _ before: Stored, message: String,
                                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let status = try #require(rig.status, sourceLocation: sourceLocation)
        #expect(status.health == .down, sourceLocation: sourceLocation)
        #expect(status.lastError == message, sourceLocation: sourceLocation)
        #expect(status.lastSuccessAt == start, sourceLocation: sourceLocation)
        #expect(try Stored(rig) == before, "the stored data changed", sourceLocation: sourceLocation)
    }

    /// The server is healthy again: the next poll, with nothing else done, makes the source ok and resets the backoff.
    private func expectRecovery(_ rig: Rig, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        rig.server.respondPerPath()
        rig.server.respond(try LocalAirflow.healthy())
        let result = await rig.collect()
        guard case let .updated(summary) = result else {
            Issue.record("no recovery: \(result)", sourceLocation: sourceLocation)
            return
        }
        #expect(summary.health == .ok && summary.runs == 5, sourceLocation: sourceLocation)
        let status = try #require(rig.status, sourceLocation: sourceLocation)
        #expect(status.health == .ok && status.lastError == nil, sourceLocation: sourceLocation)
        #expect(status.lastSuccessAt == status.lastAttemptAt, sourceLocation: sourceLocation)
        #expect(await rig.collector.consecutiveFailures == 0, sourceLocation: sourceLocation)
        #expect(await rig.collector.nextDelay == rig.settings.interval, sourceLocation: sourceLocation)
    }

    // MARK: - Faults

    @Test func http500EverywhereMarksDownKeepsRunsAndBacksOff() async throws {
        let rig = try Rig(start: start)
        defer { rig.stop() }
        let before = try await firstPass(rig)
        #expect(await rig.collector.nextDelay == 30)

        rig.server.respondEverywhere(with: .text("Internal Server Error", status: 500))
        let result = await rig.collect()
        #expect(result == .failed(.http(source: Rig.source, endpoint: "/api/v2/dags", status: 500, detail: nil)))
        try expectDownKeepingData(rig, before, message: "source 'prod-airflow': /api/v2/dags answered HTTP 500")
        #expect(await rig.collector.nextDelay == 60)
        _ = await rig.collect()
        #expect(await rig.collector.nextDelay == 120)
        _ = await rig.collect()
        #expect(await rig.collector.nextDelay == 240)
        #expect(await rig.collector.consecutiveFailures == 3)
        try expectDownKeepingData(rig, before, message: "source 'prod-airflow': /api/v2/dags answered HTTP 500")

        try await expectRecovery(rig)
    }

    @Test func garbageInsteadOfJSONIsMalformedNamingTheEndpoint() async throws {
        let rig = try Rig(start: start)
        defer { rig.stop() }
        let before = try await firstPass(rig)

        // What a proxy in front of Airflow answers when its upstream is gone: 200, but a web page.
        rig.server.respond(Self.dagRuns, with: CannedResponse(headers: ["Content-Type": "text/html"],
                                                              body: Data("<html><body>502 Bad Gateway</body></html>".utf8)))
        let result = await rig.collect()
        #expect(result == .failed(.malformed(source: Rig.source, endpoint: Self.dagRuns, reason: "not valid JSON")))
        try expectDownKeepingData(rig, before, message: "source 'prod-airflow': /api/v2/dags/~/dagRuns did not answer "
                                  + "with the expected JSON: not valid JSON")

        try await expectRecovery(rig)
    }

    @Test func twentyMegabytesAnnouncedAreRefusedWithoutReadingThem() async throws {
        let rig = try Rig(start: start)
        defer { rig.stop() }
        let before = try await firstPass(rig)

        // At the pace of a fast network: over loopback at memory speed the whole body can be in before any cancel
        // takes effect, which would prove nothing.
        let huge = Data(repeating: UInt8(ascii: " "), count: 20 * 1_048_576)
        var answer = CannedResponse.json(huge)
        answer.bytesPerSecond = Self.networkPace
        rig.server.respond("/api/v2/dags", with: answer)
        let result = await rig.collect()
        #expect(result == .failed(.tooLarge(source: Rig.source, endpoint: "/api/v2/dags", limitBytes: 16 * 1_048_576)))
        try expectDownKeepingData(rig, before, message: "source 'prod-airflow': /api/v2/dags answered more than 16 MB; refused")
        // Content-Length said 20 MB: the transport hung up instead of downloading it.
        #expect(await rig.server.settled())
        let sent = try #require(rig.server.requests(to: "/api/v2/dags").last)
        #expect(sent.delivery == .abandoned)
        #expect(sent.bodyBytesSent < huge.count)

        try await expectRecovery(rig)
    }

    @Test func twentyMegabytesOfUnknownLengthAreRefused() async throws {
        let rig = try Rig(start: start)
        defer { rig.stop() }
        let before = try await firstPass(rig)

        // No Content-Length, as fast as loopback goes: the body ends when the server closes, so only counting while
        // reading can refuse it.
        let huge = Data(repeating: UInt8(ascii: " "), count: 20 * 1_048_576)
        rig.server.respond(Self.dagRuns, with: CannedResponse(body: huge, announcesLength: false))
        let result = await rig.collect()
        #expect(result == .failed(.tooLarge(source: Rig.source, endpoint: Self.dagRuns, limitBytes: 16 * 1_048_576)))
        try expectDownKeepingData(rig, before,
                                  message: "source 'prod-airflow': /api/v2/dags/~/dagRuns answered more than 16 MB; refused")

        try await expectRecovery(rig)
    }

    @Test func theTransportStopsReadingAtTheCap() async throws {
        // A 1 MB cap and 20 MB of unknown length at the pace of a fast network: had the transport read on past the
        // cap, the server would have sent it all.
        let rig = try Rig(start: start) { $0.maxBodyBytes = 1_048_576 }
        defer { rig.stop() }
        _ = try await firstPass(rig)

        let huge = Data(repeating: UInt8(ascii: " "), count: 20 * 1_048_576)
        rig.server.respond(Self.dagRuns, with: CannedResponse(body: huge, announcesLength: false,
                                                              bytesPerSecond: Self.networkPace))
        #expect(await rig.collect() == .failed(.tooLarge(source: Rig.source, endpoint: Self.dagRuns, limitBytes: 1_048_576)))
        #expect(await rig.server.settled())
        let answer = try #require(rig.server.requests(to: Self.dagRuns).last)
        #expect(answer.delivery == .abandoned)
        #expect(answer.bodyBytesSent >= 1_048_576 && answer.bodyBytesSent < huge.count)
    }

    @Test func aBodyCutShortIsAClearError() async throws {
        let rig = try Rig(start: start)
        defer { rig.stop() }
        let before = try await firstPass(rig)

        // Content-Length announces the whole capture; half of it is sent, then the connection closes.
        var cut = CannedResponse.json(try AirflowFixtures.v2("dag_runs_all_get.json"))
        cut.closeAfterBytes = cut.body.count / 2
        rig.server.respond(Self.dagRuns, with: cut)
        let result = await rig.collect()
        guard case let .failed(error) = result else { Issue.record("expected a failure, got \(result)"); return }
        #expect(error == .truncated(source: Rig.source, endpoint: Self.dagRuns, receivedBytes: cut.closeAfterBytes!,
                                    expectedBytes: cut.body.count))
        try expectDownKeepingData(rig, before, message: "source 'prod-airflow': the answer of /api/v2/dags/~/dagRuns was "
                                  + "cut off: the connection closed after 3667 of 7334 bytes")

        try await expectRecovery(rig)
    }

    @Test func aSlowEndpointTimesOut() async throws {
        let rig = try Rig(start: start) { $0.requestTimeout = 3 }
        defer { rig.stop() }
        let before = try await firstPass(rig)

        // Far beyond the request timeout; the server gives up waiting as soon as the client hangs up.
        var slow = CannedResponse.json(try AirflowFixtures.v2("dags.json"))
        slow.delay = 600
        rig.server.respond("/api/v2/dags", with: slow)
        let result = await rig.collect()
        #expect(result == .failed(.timeout(source: Rig.source, endpoint: "/api/v2/dags", seconds: 3)))
        try expectDownKeepingData(rig, before, message: "source 'prod-airflow': /api/v2/dags timed out after 3 s")
        #expect(await rig.server.settled())
        #expect(rig.server.requests(to: "/api/v2/dags").last?.delivery == .abandoned)

        try await expectRecovery(rig)
    }

    @Test func aWrongPasswordNamesSourceAndStatusAndTheStoreNeverHoldsIt() async throws {
        let rig = try Rig(start: start, onDisk: true)
        defer { rig.stop() }
        // An API server that echoes what it was sent (some proxies do): the password is in its answer.
        let echo = #"{"detail": "Invalid credentials for vigil / \#(Rig.password)"}"#
        rig.server.respond("/auth/token", with: .json(Data(echo.utf8), status: 401))
        let result = await rig.collector.collect()
        guard case let .failed(error) = result else { Issue.record("expected a failure, got \(result)"); return }
        #expect(error == .unauthorized(source: Rig.source, endpoint: "/auth/token", status: 401,
                                       detail: "Invalid credentials for vigil / •••"))
        let stored = try #require(rig.status?.lastError)
        #expect(stored == "source 'prod-airflow': Airflow refused the credentials (HTTP 401 Invalid credentials for "
                + "vigil / •••) at /auth/token; check the username and password or token")
        #expect(rig.status?.health == .down)
        // The login did send it: this is the only place it may be.
        let login = try #require(rig.server.requests(to: "/auth/token").first)
        #expect(String(decoding: login.body, as: UTF8.self).contains(Rig.password))
        #expect(!"\(result)".contains(Rig.password))

        // The captured answer of Airflow 3.3.2 to a wrong password.
        rig.server.respond("/auth/token", with: .json(try AirflowFixtures.v2("error_401_auth_token_wrong_password.json"), status: 401))
        _ = await rig.collect()
        #expect(rig.status?.lastError == "source 'prod-airflow': Airflow refused the credentials (HTTP 401 Invalid "
                + "credentials) at /auth/token; check the username and password or token")

        // Not in the database file, its write-ahead log, or anything else next to it.
        let directory = try #require(rig.directory)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(files.contains("vigil.db"))
        for file in files {
            let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
            #expect(bytes.range(of: Data(Rig.password.utf8)) == nil, "the password is in \(file)")
        }

        try await expectRecovery(rig)
    }
}

/// What a pass leaves in the store for the source, to compare before and after a fault.
private struct Stored: Equatable {
    var pipelines: [Pipeline]
    var runs: [String: [PipelineRun]]
    var tasks: [TaskInstance]

    init(_ rig: LocalAirflowRig) throws {
        pipelines = try rig.store.snapshot().pipelines.map(\.pipeline).filter { $0.source == LocalAirflowRig.source }
        runs = try rig.storedRuns()
        tasks = try rig.storedTaskInstances().sorted { $0.id < $1.id }
    }
}

private struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
