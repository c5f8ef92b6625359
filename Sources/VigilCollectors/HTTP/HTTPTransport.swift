import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP answer, whatever its status: the client decides what a status means.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var body: Data

    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

/// What can go wrong below HTTP. Each kind's client adds the source and endpoint when it turns these into its own
/// error (`AirflowError`, `DagsterError`).
public enum HTTPTransportError: Error, Equatable, Sendable {
    case unreachable(reason: String)
    case timeout(seconds: Double)
    case tooLarge(limitBytes: Int)
    /// The status and headers came, then the connection broke before the body was complete.
    case truncated(receivedBytes: Int, expectedBytes: Int?)
}

/// Sends one request: the one HTTP transport of the collectors that speak HTTP (Airflow, Dagster). Behind a protocol
/// so a collector's auth, retry and fault handling can be tested by replaying real captured answers with no HTTP
/// server in the test, and so the demo can answer a collector's requests itself.
/// Implementations throw only `HTTPTransportError` (or `CancellationError`).
public protocol HTTPTransport: Sendable {
    func send(_ request: URLRequest) async throws -> HTTPResponse
    /// The same with a smaller body cap for this one request (Airflow's task logs can be huge: they must not be read whole).
    func send(_ request: URLRequest, maxBodyBytes: Int) async throws -> HTTPResponse
}

extension HTTPTransport {
    /// For transports that cannot stop a body early (test doubles): the cap is checked once the body is in.
    public func send(_ request: URLRequest, maxBodyBytes: Int) async throws -> HTTPResponse {
        let response = try await send(request)
        guard response.body.count <= maxBodyBytes else { throw HTTPTransportError.tooLarge(limitBytes: maxBodyBytes) }
        return response
    }
}
