import CLibpq
import Foundation

/// What the collector needs to know about a connection string without connecting: where it points (for
/// messages), its password (to mask it) and its session options (to add Vigil's to them). Parsed by libpq itself,
/// so URIs and key=value strings mean exactly what they mean to libpq.
package struct PostgresConninfo: Sendable {
    package let options: [String: String]

    /// Throws a libpq parse message with quoted fragments removed: they may be pieces of the password.
    package init(_ dsn: String) throws(PostgresConninfoError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(dsn, &errorMessage) else {
            let message = errorMessage.map { String(cString: $0) } ?? "out of memory"
            if let errorMessage { PQfreemem(errorMessage) }
            throw PostgresConninfoError(reason: Self.withoutQuotedFragments(message))
        }
        defer { PQconninfoFree(parsed) }
        var options: [String: String] = [:]
        var option = parsed
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { options[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        self.options = options
    }

    package var password: String? { options["password"] }

    /// "host:port" as libpq will try it (PGHOST/PGPORT and the defaults fill what the string leaves out);
    /// a socket directory shows as "socket DIR:PORT".
    package func endpoint(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let host = options["host"] ?? options["hostaddr"] ?? environment["PGHOST"] ?? "/var/run/postgresql"
        let port = options["port"] ?? environment["PGPORT"] ?? "5432"
        return host.hasPrefix("/") ? "socket \(host):\(port)" : "\(host):\(port)"
    }

    package static func withoutQuotedFragments(_ message: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: #""[^"]*""#) else { return "invalid connection string" }
        return regex.stringByReplacingMatches(in: message, range: NSRange(message.startIndex..., in: message),
                                              withTemplate: "\"…\"")
    }
}

package struct PostgresConninfoError: Error, Sendable {
    package let reason: String
}
