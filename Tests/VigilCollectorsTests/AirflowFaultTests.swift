import Foundation
import Testing
import VigilTestSupport
import VigilCollectors
import VigilCore
import VigilStore

/// When Airflow fails: the source goes down with a clear message, the last good data stays, polls back off.
@Suite struct AirflowFaultTests {
    typealias F = AirflowFixtures
    let start = dbtUTC("2026-11-26T21:30:00Z")

    @Test func serverErrorMarksDownKeepsDataAndBacksOff() async throws {
        let store = try TestStore.fresh()
        let clock = AirflowTestClock(start)
        let transport = ReplayTransport(airflow3())
        let collector = AirflowCollector(store: store, settings: airflowSettings(), transport: transport, clock: { clock.now })
        _ = await collector.collect()
        #expect(await collector.nextDelay == 30)
        let before = try store.snapshot(now: start)

        let healthy = airflow3()
        transport.reroute { sent in
            sent.path == "/api/v2/dags" ? HTTPResponse(status: 500, body: Data("Internal Server Error".utf8)) : try healthy(sent)
        }
        clock.advance(30)
        let result = await collector.collect()
        #expect(result == .failed(.http(source: "prod-airflow", endpoint: "/api/v2/dags", status: 500, detail: nil)))
        #expect(await collector.consecutiveFailures == 1)
        #expect(await collector.nextDelay == 60)
        clock.advance(60)
        _ = await collector.collect()
        #expect(await collector.nextDelay == 120)

        let after = try store.snapshot(now: start)
        let status = try #require(after.sources.first)
        #expect(status.health == .down && status.lastSuccessAt == start)
        #expect(status.lastAttemptAt == start.addingTimeInterval(90))
        #expect(status.lastError == "source 'prod-airflow': /api/v2/dags answered HTTP 500")
        #expect(after.pipelines == before.pipelines && after.lineage == before.lineage)

        // Recovery resets the backoff, and the watermark is still the last good pass.
        transport.reroute(healthy)
        clock.advance(120)
        guard case let .updated(summary) = await collector.collect() else { Issue.record("recovery failed"); return }
        #expect(summary.runsUpdatedSince == start.addingTimeInterval(-300))
        #expect(await collector.nextDelay == 30)
        #expect(await collector.consecutiveFailures == 0)
    }

    @Test func backoffIsCapped() async throws {
        let transport = ReplayTransport { _ in throw HTTPTransportError.unreachable(reason: "connection refused") }
        var settings = airflowSettings()
        settings.maxBackoff = 300
        let collector = AirflowCollector(store: try TestStore.fresh(), settings: settings, transport: transport, clock: { self.start })
        for _ in 0..<6 { _ = await collector.collect() }
        #expect(await collector.nextDelay == 300)
    }

    @Test func unreachableNamesSourceAndAddress() async throws {
        let store = try TestStore.fresh()
        let transport = ReplayTransport { _ in throw HTTPTransportError.unreachable(reason: "connection refused") }
        let collector = AirflowCollector(store: store, settings: airflowSettings(), transport: transport, clock: { self.start })
        let result = await collector.collect()
        #expect(result == .failed(.unreachable(source: "prod-airflow", url: "http://airflow.example:8080", reason: "connection refused")))
        #expect(try store.snapshot(now: start).sources.first?.lastError
                == "source 'prod-airflow': Airflow at http://airflow.example:8080 is unreachable: connection refused")
    }

    @Test func wrongShapeIsMalformedNamingTheEndpoint() async throws {
        let healthy = airflow3()
        let transport = ReplayTransport { sent in
            // A real body, but the version answer where the DAG list belongs.
            sent.path == "/api/v2/dags" ? .ok(try F.v2("version.json")) : try healthy(sent)
        }
        let collector = AirflowCollector(store: try TestStore.fresh(), settings: airflowSettings(), transport: transport, clock: { self.start })
        let result = await collector.collect()
        #expect(result == .failed(.malformed(source: "prod-airflow", endpoint: "/api/v2/dags", reason: "missing field dags")))
    }

    @Test func truncatedBodyIsMalformed() async throws {
        let healthy = airflow3()
        let full = try F.v2("dag_runs_all_get.json")
        let transport = ReplayTransport { sent in
            sent.path == "/api/v2/dags/~/dagRuns" ? .ok(full.prefix(full.count / 2)) : try healthy(sent)
        }
        let collector = AirflowCollector(store: try TestStore.fresh(), settings: airflowSettings(), transport: transport, clock: { self.start })
        let result = await collector.collect()
        #expect(result == .failed(.malformed(source: "prod-airflow", endpoint: "/api/v2/dags/~/dagRuns", reason: "not valid JSON")))
    }

    @Test func hugeBodyIsRefused() async throws {
        let healthy = airflow3()
        let huge = Data(count: AirflowSettings.defaultMaxBodyBytes + 1)
        let transport = ReplayTransport { sent in sent.path == "/api/v2/dags" ? .ok(huge) : try healthy(sent) }
        let collector = AirflowCollector(store: try TestStore.fresh(), settings: airflowSettings(), transport: transport, clock: { self.start })
        let result = await collector.collect()
        #expect(result == .failed(.tooLarge(source: "prod-airflow", endpoint: "/api/v2/dags", limitBytes: 16 * 1_048_576)))
        if case let .failed(error) = result {
            #expect(error.description == "source 'prod-airflow': /api/v2/dags answered more than 16 MB; refused")
        }
    }

    @Test func anOptionalReadFailingDegradesButWrites() async throws {
        let store = try TestStore.fresh()
        let healthy = airflow3()
        let transport = ReplayTransport { sent in
            sent.path == "/api/v2/importErrors" ? HTTPResponse(status: 403, body: try F.v2("error_403_viewer_cannot_trigger.json"))
                : try healthy(sent)
        }
        let collector = AirflowCollector(store: store, settings: airflowSettings(), transport: transport, clock: { self.start })
        guard case let .updated(summary) = await collector.collect() else { Issue.record("pass failed"); return }
        #expect(summary.health == .degraded && summary.pipelines == 3)
        #expect(summary.notes == ["import errors unknown: Airflow refused the credentials (HTTP 403 Forbidden) at "
                                  + "/api/v2/importErrors; check the user's role or the token"])
    }

    @Test func aSlowAirflowTimesThePassOut() async throws {
        let transport = ReplayTransport(delay: 2, airflow3())
        var settings = airflowSettings()
        settings.passTimeout = 0.3
        let collector = AirflowCollector(store: try TestStore.fresh(), settings: settings, transport: transport, clock: { self.start })
        let result = await collector.collect()
        #expect(result == .failed(.timeout(source: "prod-airflow", endpoint: "one pass", seconds: 0.3)))
    }

    @Test func requestsInFlightAreBounded() async throws {
        let transport = ReplayTransport(delay: 0.05, airflow3())
        var settings = airflowSettings()
        settings.maxConcurrentRequests = 2
        let collector = AirflowCollector(store: try TestStore.fresh(), settings: settings, transport: transport, clock: { self.start })
        guard case .updated = await collector.collect() else { Issue.record("pass failed"); return }
        #expect(transport.peakInFlight == 2)
    }
}
