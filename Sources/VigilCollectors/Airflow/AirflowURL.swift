import Foundation

/// Paths and query strings for Airflow requests.
enum AirflowURL {
    /// Only RFC 3986 unreserved characters pass: run ids like "manual__2026-11-26T21:26:11.422474+00:00" carry
    /// ':' and '+', and a '+' left bare reads as a space on the server.
    static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// `base` + `path` (which starts with "/") + the query, keeping a base path prefix such as /airflow.
    static func url(base: URL, path: String, query: [(String, String)]) -> URL? {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += path
        if !query.isEmpty {
            text += "?" + query.map { "\(segment($0.0))=\(segment($0.1))" }.joined(separator: "&")
        }
        return URL(string: text)
    }

    /// Base URL without user info, for messages.
    static func display(_ base: URL) -> String {
        guard var parts = URLComponents(url: base, resolvingAgainstBaseURL: false) else { return "the configured url" }
        parts.user = nil
        parts.password = nil
        parts.query = nil
        return parts.string ?? "the configured url"
    }
}
