import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Passes every request to another transport and keeps a list of what went through: method, URL, what kind of
/// credentials it carried (never their value, never a body), the answer's status and size, and when it started and
/// ended. `vigil bench airflow` uses it to count, time and replay the requests of a pass.
public final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    public enum Credentials: String, Sendable, Equatable {
        /// No Authorization header and no body: a public read.
        case none
        case bearer
        case basic
        /// POST /auth/token: the body holds the username and password.
        case login
    }

    public struct Exchange: Sendable, Equatable {
        public var method: String
        /// As sent, without user info.
        public var url: URL
        public var credentials: Credentials
        /// nil when the transport threw.
        public var status: Int?
        public var bytes: Int
        /// Seconds since the recorder was created (or last reset).
        public var start: TimeInterval
        public var end: TimeInterval
        public var seconds: TimeInterval { end - start }
    }

    public let inner: any HTTPTransport
    private let lock = NSLock()
    private var origin = ContinuousClock.now
    private var recorded: [Exchange] = []

    public init(_ inner: any HTTPTransport) {
        self.inner = inner
    }

    /// Every exchange since the start (or the last reset), in the order the requests were sent.
    public var exchanges: [Exchange] { lock.withLock { recorded }.sorted { $0.start < $1.start } }

    /// Forgets what was recorded and restarts the clock.
    public func reset() {
        lock.withLock {
            recorded.removeAll()
            origin = .now
        }
    }

    public func send(_ request: URLRequest) async throws -> HTTPResponse {
        try await record(request) { try await self.inner.send(request) }
    }

    public func send(_ request: URLRequest, maxBodyBytes: Int) async throws -> HTTPResponse {
        try await record(request) { try await self.inner.send(request, maxBodyBytes: maxBodyBytes) }
    }

    private func record(_ request: URLRequest,
                        _ send: @Sendable () async throws -> HTTPResponse) async throws -> HTTPResponse {
        let start = elapsed()
        var status: Int?
        var bytes = 0
        defer {
            let exchange = Exchange(method: request.httpMethod ?? "GET", url: Self.withoutUserInfo(request.url),
                                    credentials: Self.credentials(of: request), status: status, bytes: bytes,
                                    start: start, end: elapsed())
            lock.withLock { recorded.append(exchange) }
        }
        let response = try await send()
        status = response.status
        bytes = response.body.count
        return response
    }

    private func elapsed() -> TimeInterval {
        let since = lock.withLock { origin }.duration(to: .now)
        return Double(since.components.seconds) + Double(since.components.attoseconds) / 1e18
    }

    static func credentials(of request: URLRequest) -> Credentials {
        if request.httpBody != nil, request.url?.path.hasSuffix("/auth/token") == true { return .login }
        guard let value = request.value(forHTTPHeaderField: "Authorization") else { return .none }
        if value.hasPrefix("Bearer ") { return .bearer }
        if value.hasPrefix("Basic ") { return .basic }
        return .none
    }

    static func withoutUserInfo(_ url: URL?) -> URL {
        guard let url, var parts = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return URL(string: "about:blank")!
        }
        parts.user = nil
        parts.password = nil
        return parts.url ?? url
    }
}
