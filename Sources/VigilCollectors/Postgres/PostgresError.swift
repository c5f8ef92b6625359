import Foundation
import VigilStore
import VigilCore

/// Why a pass over a PostgreSQL source failed as a whole (the source is down). Every case names the source;
/// `description` is what lands in the store's lastError: one line, bounded, never the DSN or its password.
public enum PostgresError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The source's configuration cannot be used (no DSN, unreadable secret, unparsable connection string).
    case configuration(source: String, reason: String)
    /// No session: refused, DNS, authentication, no such database, connect timeout.
    case unreachable(source: String, endpoint: String, reason: String)
    /// The session broke or stopped answering mid-pass.
    case connectionLost(source: String, endpoint: String, reason: String)
    /// The query every pass needs (who am I, what can I see) failed.
    case query(source: String, sqlstate: String?, reason: String)

    public var source: String {
        switch self {
        case let .configuration(source, _), let .unreachable(source, _, _), let .connectionLost(source, _, _),
             let .query(source, _, _):
            return source
        }
    }

    public var description: String {
        let text: String
        switch self {
        case let .configuration(_, reason):
            text = reason
        case let .unreachable(_, endpoint, reason):
            text = "cannot connect to PostgreSQL at \(endpoint): \(reason)"
        case let .connectionLost(_, endpoint, reason):
            text = "lost the connection to PostgreSQL at \(endpoint): \(reason)"
        case let .query(_, sqlstate, reason):
            text = "PostgreSQL refused the session query: \(reason)" + (sqlstate.map { " (SQLSTATE \($0))" } ?? "")
        }
        return TextSanitizer.collapsed("source '\(source)': " + text)
    }
}
