import Foundation
import VigilCore

/// Why an Airflow read failed. Every case names the source, and `description` is what lands in the store's
/// `lastError`: one line, bounded, and never a password or token (the client also scrubs them from server text).
public enum AirflowError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No TCP connection: refused, DNS failure, connection lost.
    case unreachable(source: String, url: String, reason: String)
    /// A request or the whole pass took longer than allowed.
    case timeout(source: String, endpoint: String, seconds: Double)
    /// Any non-2xx answer other than an auth refusal; `detail` comes from the body's `detail` or `title`.
    case http(source: String, endpoint: String, status: Int, detail: String?)
    /// 401, or 403, after at most one fresh login.
    case unauthorized(source: String, endpoint: String, status: Int, detail: String?)
    /// The body is not the JSON this endpoint should answer with.
    case malformed(source: String, endpoint: String, reason: String)
    /// The body is over the size cap; it was not read to the end.
    case tooLarge(source: String, endpoint: String, limitBytes: Int)
    /// The answer began, then the connection broke before its end (`expectedBytes`: its Content-Length, if any).
    case truncated(source: String, endpoint: String, receivedBytes: Int, expectedBytes: Int?)
    /// Neither /api/v2/version nor /api/v1/version answered like Airflow.
    case unsupportedAPI(source: String, reason: String)
    /// The source's configuration cannot be used (no url, unreadable secret).
    case configuration(source: String, reason: String)
    /// Airflow would not carry out an action (`action`: what was asked, e.g. "pause DAG orders"): the actions credential
    /// was refused (401) or may not do it (403), or the DAG, run or task is not there (404), or another answer.
    case action(source: String, action: String, status: Int, detail: String?)

    public var source: String {
        switch self {
        case let .unreachable(source, _, _), let .timeout(source, _, _), let .http(source, _, _, _),
             let .unauthorized(source, _, _, _), let .malformed(source, _, _), let .tooLarge(source, _, _),
             let .truncated(source, _, _, _), let .unsupportedAPI(source, _), let .configuration(source, _),
             let .action(source, _, _, _):
            return source
        }
    }

    public var description: String { TextSanitizer.collapsed("source '\(source)': " + reason) }

    /// The description without the source name, for notes listed under it.
    public var reason: String {
        switch self {
        case let .unreachable(_, url, reason):
            return "Airflow at \(url) is unreachable: \(reason)"
        case let .timeout(_, endpoint, seconds):
            return "\(endpoint) timed out after \(Self.seconds(seconds))"
        case let .http(_, endpoint, status, detail):
            return "\(endpoint) answered HTTP \(status)" + (detail.map { ": \($0)" } ?? "")
        case let .unauthorized(_, endpoint, status, detail):
            let hint = status == 403 ? "check the user's role or the token" : "check the username and password or token"
            return "Airflow refused the credentials (HTTP \(status)" + (detail.map { " \($0)" } ?? "")
                + ") at \(endpoint); \(hint)"
        case let .malformed(_, endpoint, reason):
            return "\(endpoint) did not answer with the expected JSON: \(reason)"
        case let .tooLarge(_, endpoint, limit):
            return "\(endpoint) answered more than \(limit / 1_048_576) MB; refused"
        case let .truncated(_, endpoint, received, expected):
            return "the answer of \(endpoint) was cut off: the connection closed after \(received)"
                + (expected.map { " of \($0)" } ?? "") + " bytes"
        case let .unsupportedAPI(_, reason):
            return "cannot find the Airflow REST API: \(reason); set api: v1 or v2"
        case let .configuration(_, reason):
            return reason
        case let .action(_, action, status, detail):
            let answer = "HTTP \(status)" + (detail.map { ": \($0)" } ?? "")
            switch status {
            case 401:
                return "Airflow refused the actions credential (\(answer)) asked to \(action); check actions: username and "
                    + "password or token"
            case 403:
                return "the actions credential may not \(action) (\(answer)); give its user a role that may "
                    + "(Airflow 3: user or op; Airflow 2: User or Op)"
            case 404:
                return "cannot \(action): Airflow has no such DAG, run or task (\(answer))"
            default:
                return "cannot \(action): Airflow answered \(answer)"
            }
        }
    }

    private static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }
}
