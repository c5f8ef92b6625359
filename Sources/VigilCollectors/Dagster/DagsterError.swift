import Foundation
import VigilCore

/// Why a Dagster read failed. Every case names the source, and `description` is what lands in the store's
/// `lastError`: one line, bounded, and never the token (the client also masks it in server text).
public enum DagsterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No TCP connection: refused, DNS failure, connection lost.
    case unreachable(source: String, url: String, reason: String)
    case timeout(source: String, query: String, seconds: Double)
    /// Any non-2xx answer other than an auth refusal; `detail` is the first GraphQL error message, if any.
    case http(source: String, query: String, status: Int, detail: String?)
    /// 401 or 403: Dagster+ refused the token (or wants one).
    case unauthorized(source: String, query: String, status: Int)
    /// The body is not the JSON this query answers with.
    case malformed(source: String, query: String, reason: String)
    /// Dagster answered the query with errors (GraphQL `errors`, or a PythonError / not-found result).
    case refused(source: String, query: String, message: String)
    /// The body is over the size cap; it was not read to the end.
    case tooLarge(source: String, query: String, limitBytes: Int)
    /// The answer began, then the connection broke before its end.
    case truncated(source: String, query: String, receivedBytes: Int, expectedBytes: Int?)
    /// The source's configuration cannot be used (no url, unreadable secret).
    case configuration(source: String, reason: String)
    /// The pass was cancelled before `query` answered (Vigil is stopping).
    case cancelled(source: String, query: String)

    public var source: String {
        switch self {
        case let .unreachable(source, _, _), let .timeout(source, _, _), let .http(source, _, _, _),
             let .unauthorized(source, _, _), let .malformed(source, _, _), let .refused(source, _, _),
             let .tooLarge(source, _, _), let .truncated(source, _, _, _), let .configuration(source, _),
             let .cancelled(source, _):
            return source
        }
    }

    public var description: String { TextSanitizer.collapsed("source '\(source)': " + reason) }

    /// The description without the source name, for notes listed under it.
    public var reason: String {
        switch self {
        case let .unreachable(_, url, reason):
            return "Dagster at \(url) is unreachable: \(reason)"
        case let .timeout(_, query, seconds):
            return "\(query) timed out after \(Int(seconds.rounded(.up))) s"
        case let .http(_, query, status, detail):
            return "\(query) answered HTTP \(status)" + (detail.map { ": \($0)" } ?? "")
        case let .unauthorized(_, query, status):
            return "Dagster refused the token (HTTP \(status)) at \(query); check token_env or token_file "
                + "(Dagster+ takes a user token in the Dagster-Cloud-Api-Token header)"
        case let .malformed(_, query, reason):
            return "\(query) did not answer with the expected JSON: \(reason)"
        case let .refused(_, query, message):
            return "\(query) failed in Dagster: \(message)"
        case let .tooLarge(_, query, limit):
            return "\(query) answered more than \(limit / 1_048_576) MB; refused"
        case let .truncated(_, query, received, expected):
            return "the answer of \(query) was cut off: the connection closed after \(received)"
                + (expected.map { " of \($0)" } ?? "") + " bytes"
        case let .configuration(_, reason):
            return reason
        case let .cancelled(_, query):
            return "\(query) was cancelled: Vigil is stopping"
        }
    }
}
