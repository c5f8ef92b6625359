import Foundation
import VigilCore

/// Why a Prefect read failed. Every case names the source, and `description` is what lands in the store's
/// `lastError`: one line, bounded, and never the API key (the client also scrubs it from server text).
public enum PrefectError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No TCP connection: refused, DNS failure, connection lost.
    case unreachable(source: String, url: String, reason: String)
    /// A request or the whole pass took longer than allowed.
    case timeout(source: String, endpoint: String, seconds: Double)
    /// Any non-2xx answer other than an auth refusal; `detail` comes from the body's `detail`.
    case http(source: String, endpoint: String, status: Int, detail: String?)
    /// 401 or 403: the API key is missing, wrong or may not read.
    case unauthorized(source: String, endpoint: String, status: Int, detail: String?)
    /// The body is not the JSON this endpoint should answer with.
    case malformed(source: String, endpoint: String, reason: String)
    /// The body is over the size cap; it was not read to the end.
    case tooLarge(source: String, endpoint: String, limitBytes: Int)
    /// The answer began, then the connection broke before its end.
    case truncated(source: String, endpoint: String, receivedBytes: Int, expectedBytes: Int?)
    /// The source's configuration cannot be used (no url, unreadable secret).
    case configuration(source: String, reason: String)

    public var source: String {
        switch self {
        case let .unreachable(source, _, _), let .timeout(source, _, _), let .http(source, _, _, _),
             let .unauthorized(source, _, _, _), let .malformed(source, _, _), let .tooLarge(source, _, _),
             let .truncated(source, _, _, _), let .configuration(source, _):
            return source
        }
    }

    public var description: String { TextSanitizer.collapsed("source '\(source)': " + reason) }

    /// The description without the source name, for notes listed under it.
    public var reason: String {
        switch self {
        case let .unreachable(_, url, reason):
            return "Prefect at \(url) is unreachable: \(reason)"
        case let .timeout(_, endpoint, seconds):
            return "\(endpoint) timed out after " + (seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds))
        case let .http(_, endpoint, status, detail):
            return "\(endpoint) answered HTTP \(status)" + (detail.map { ": \($0)" } ?? "")
        case let .unauthorized(_, endpoint, status, detail):
            return "Prefect refused the API key (HTTP \(status)" + (detail.map { " \($0)" } ?? "")
                + ") at \(endpoint); check token_env or token_file"
        case let .malformed(_, endpoint, reason):
            return "\(endpoint) did not answer with the expected JSON: \(reason)"
        case let .tooLarge(_, endpoint, limit):
            return "\(endpoint) answered more than \(limit / 1_048_576) MB; refused"
        case let .truncated(_, endpoint, received, expected):
            return "the answer of \(endpoint) was cut off: the connection closed after \(received)"
                + (expected.map { " of \($0)" } ?? "") + " bytes"
        case let .configuration(_, reason):
            return reason
        }
    }
}
