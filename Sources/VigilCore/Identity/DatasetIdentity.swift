import Foundation

/// A dataset's identity across systems, following the OpenLineage naming spec: a namespace (where it lives,
/// e.g. `postgres://db.internal:5432`) and a name within it (e.g. `warehouse.raw.payments`). Two systems that
/// describe the same table compute the same identity, so Vigil can join an Airflow asset, a dbt node and a
/// warehouse table into one dataset. Short names (`raw.payments`) stay what users read.
public struct DatasetIdentity: Codable, Sendable, Hashable, CustomStringConvertible {
    public var namespace: String
    public var name: String

    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// `namespace/name`, the form used as a lookup key and shown to users.
    public var description: String { "\(namespace)/\(name)" }

    /// A PostgreSQL table: namespace `postgres://{host}:{port}` (host lower-cased, port 5432 when not given),
    /// name `{database}.{schema}.{table}`.
    public static func postgres(host: String, port: Int?, database: String, schema: String, table: String) -> DatasetIdentity {
        DatasetIdentity(namespace: "postgres://\(host.lowercased()):\(port ?? 5432)",
                        name: "\(database).\(schema).\(table)")
    }

    /// The identity an asset or dataset URI names, normalised the way Airflow (`_sanitize_uri` and the providers'
    /// handlers) and its OpenLineage provider's converters do: scheme lower-cased, credentials, fragment and a
    /// trailing `/` dropped; `postgresql` is `postgres` with port 5432 by default and an empty schema `default`;
    /// MySQL (3306) and Trino (8080) likewise with their default ports; `s3`, `gs` and `file` keep the object's
    /// path as the name. nil for a text that is not a URI (a name-like asset) or one Airflow would refuse.
    public init?(uri text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.firstIndex(of: ":"), trimmed[colon...].hasPrefix("://") else { return nil }
        let scheme = trimmed[..<colon].lowercased()
        guard !scheme.isEmpty, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) else { return nil }
        var rest = Substring(trimmed[trimmed.index(colon, offsetBy: 3)...])
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        while rest.hasSuffix("/") && rest.count > 1 { rest = rest.dropLast() }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let (host, port) = Self.hostAndPort(authority)
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)

        switch scheme {
        case "postgres", "postgresql", "redshift", "mssql", "trino":
            let defaults = ["postgres": 5432, "postgresql": 5432, "redshift": 5439, "mssql": 1433, "trino": 8080]
            guard !host.isEmpty, segments.count == 3, !segments[0].isEmpty, !segments[2].isEmpty else { return nil }
            let name = scheme == "postgresql" ? "postgres" : scheme
            self.init(namespace: "\(name)://\(host.lowercased()):\(port ?? defaults[scheme]!)",
                      name: [segments[0], segments[1].isEmpty ? "default" : segments[1], segments[2]].joined(separator: "."))
        case "mysql":
            guard !host.isEmpty, segments.count == 2, !segments[0].isEmpty, !segments[1].isEmpty else { return nil }
            self.init(namespace: "mysql://\(host.lowercased()):\(port ?? 3306)", name: segments.joined(separator: "."))
        case "bigquery":
            // bigquery://project/dataset/table
            let parts = ([String(host)] + segments).filter { !$0.isEmpty }
            guard parts.count == 3 else { return nil }
            self.init(namespace: "bigquery", name: parts.joined(separator: "."))
        case "snowflake":
            guard !host.isEmpty, segments.count == 3 else { return nil }
            self.init(namespace: "snowflake://\(host.lowercased())", name: segments.joined(separator: "."))
        case "s3", "gs", "gcs", "s3a":
            guard !host.isEmpty else { return nil }
            let key = segments.joined(separator: "/")
            self.init(namespace: "\(scheme == "gcs" ? "gs" : scheme == "s3a" ? "s3" : scheme)://\(host)",
                      name: key.isEmpty ? "/" : key)
        case "file":
            self.init(namespace: host.isEmpty ? "file" : "file://\(host)", name: "/" + segments.joined(separator: "/"))
        default:
            guard scheme != "airflow" else { return nil }
            self.init(namespace: "\(scheme)://\(authority.lowercased())", name: segments.joined(separator: "/"))
        }
    }

    private static func hostAndPort(_ authority: Substring) -> (String, Int?) {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            let host = String(authority[...close])
            let after = authority[authority.index(after: close)...]
            return (host, after.hasPrefix(":") ? Int(after.dropFirst()) : nil)
        }
        if let colon = authority.lastIndex(of: ":") {
            return (String(authority[..<colon]), Int(authority[authority.index(after: colon)...]))
        }
        return (String(authority), nil)
    }
}
