import Foundation

/// One request the loopback server received, and how much of its answer got out.
public struct RecordedRequest: Sendable, Equatable {
    public var method: String
    /// Exactly as on the wire: percent-encoded, without the query.
    public var path: String
    /// The raw query string (after '?'), or nil.
    public var query: String?
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: Data
    /// Body bytes the kernel accepted so far.
    public var bodyBytesSent = 0
    public var delivery = Delivery.inProgress

    public var authorization: String? { headers["authorization"] }

    public enum Delivery: Sendable, Equatable {
        /// Waiting (a delayed answer) or still writing.
        case inProgress
        /// The whole answer went out (a truncated one counts once its cut is reached).
        case complete
        /// The client hung up, or the server stopped, before the answer was out.
        case abandoned
    }

    public init(method: String, path: String, query: String?, headers: [String: String], body: Data) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}
