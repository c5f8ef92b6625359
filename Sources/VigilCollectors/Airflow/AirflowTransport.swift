import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP answer, whatever its status: the client decides what a status means.
public struct AirflowHTTPResponse: Sendable, Equatable {
    public var status: Int
    public var body: Data

    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

/// What can go wrong below HTTP. The client adds the source and endpoint when it turns these into `AirflowError`.
public enum AirflowTransportError: Error, Equatable, Sendable {
    case unreachable(reason: String)
    case timeout(seconds: Double)
    case tooLarge(limitBytes: Int)
    /// The status and headers came, then the connection broke before the body was complete.
    case truncated(receivedBytes: Int, expectedBytes: Int?)
}

/// Sends one request. Behind a protocol so the collector's auth, retry and fault handling can be tested by
/// replaying real captured Airflow answers, with no HTTP server in the test.
/// Implementations throw only `AirflowTransportError` (or `CancellationError`).
public protocol AirflowTransport: Sendable {
    func send(_ request: URLRequest) async throws -> AirflowHTTPResponse
    /// The same with a smaller body cap for this one request (task logs can be huge: they must not be read whole).
    func send(_ request: URLRequest, maxBodyBytes: Int) async throws -> AirflowHTTPResponse
}

extension AirflowTransport {
    /// For transports that cannot stop a body early (test doubles): the cap is checked once the body is in.
    public func send(_ request: URLRequest, maxBodyBytes: Int) async throws -> AirflowHTTPResponse {
        let response = try await send(request)
        guard response.body.count <= maxBodyBytes else { throw AirflowTransportError.tooLarge(limitBytes: maxBodyBytes) }
        return response
    }
}
