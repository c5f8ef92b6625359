import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilTestSupport
import VigilCollectors
import VigilStore

/// The real URLSession transport, against a port nothing listens on.
@Suite struct AirflowURLSessionTests {
    @Test func closedPortIsUnreachableNotATimeout() async throws {
        let settings = AirflowSettings(name: "local-airflow", baseURL: URL(string: "http://127.0.0.1:1")!, api: .v2,
                                       credentials: .none)
        let collector = AirflowCollector(store: try TestStore.fresh(), settings: settings)
        // A refused connection is reported as unreachable at once, not after the request timeout.
        let result = await collector.collect()
        guard case let .failed(.unreachable(source, url, _)) = result else {
            Issue.record("expected unreachable, got \(result)")
            return
        }
        #expect(source == "local-airflow" && url == "http://127.0.0.1:1")
    }

    @Test func transportReportsRefusedConnections() async throws {
        let transport = URLSessionTransport(timeout: 3)
        await #expect(throws: HTTPTransportError.unreachable(reason: "connection refused")) {
            _ = try await transport.send(URLRequest(url: URL(string: "http://127.0.0.1:1/api/v2/version")!))
        }
    }
}
