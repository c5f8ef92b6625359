import Foundation

/// Masks secrets in text that leaves the collector (errors, notes, stored query text): the connection string and
/// its password wherever they appear verbatim, and anything shaped like a password in SQL or a connection string
/// (`PASSWORD 'x'`, `password=x`, `postgresql://user:x@`), since server messages and query text are not ours.
package struct PostgresSecrets: Sendable {
    package static let mask = "***"
    /// Longest first, so a DSN is masked whole before its password is.
    private let values: [String]

    package init(_ values: [String?]) {
        var set = Set<String>()
        for value in values.compactMap({ $0 }) where !value.isEmpty {
            set.insert(value)
            // libpq may echo a URI's password still percent-encoded, or decoded.
            if let decoded = value.removingPercentEncoding { set.insert(decoded) }
            if let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) { set.insert(encoded) }
        }
        self.values = set.filter { !$0.isEmpty }.sorted { ($0.count, $0) > ($1.count, $1) }
    }

    package func scrub(_ text: String) -> String {
        var out = text
        for value in values { out = out.replacingOccurrences(of: value, with: Self.mask) }
        return Self.scrubPatterns(out)
    }

    /// Secret-shaped fragments, whoever's they are.
    package static func scrubPatterns(_ text: String) -> String {
        var out = text
        for (pattern, template) in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { continue }
            out = regex.stringByReplacingMatches(in: out, range: NSRange(out.startIndex..., in: out), withTemplate: template)
        }
        return out
    }

    private static let patterns: [(String, String)] = [
        // CREATE/ALTER ROLE ... [ENCRYPTED] PASSWORD 'secret' (also E'...' and $$...$$ quoting).
        (#"(password\s+)(E'(?:[^'\\]|\\.|'')*'|'(?:[^']|'')*'|\$\$.*?\$\$)"#, "$1'\(mask)'"),
        // key=value connection strings: password=secret or password='se cret'.
        (#"(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s'"]+)"#, "$1\(mask)"),
        // URIs with a password: scheme://user:secret@host. The scheme's length is bounded: unbounded, a long run of
        // letters made the engine scan to the end of the text from every position (quadratic, a hung pass).
        (#"([a-z][a-z0-9+.-]{0,31}://[^/:@\s]*:)[^@\s/]*@"#, "$1\(mask)@"),
    ]
}
