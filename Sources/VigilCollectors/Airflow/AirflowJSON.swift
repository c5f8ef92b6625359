import Foundation

/// Airflow timestamps: "2026-11-26T21:26:29.724947Z" (v2), "2026-11-26T21:33:15.077853+00:00" (v1, health),
/// "2026-11-27T00:00:00Z" (no fraction). Parsed by the same hand-rolled parser as dbt's, which keeps
/// microseconds on every platform.
public enum AirflowTimestamp {
    public static func parse(_ text: String) -> Date? { DbtTimestamp.parse(text) }

    /// For query parameters: whole seconds, rounded down so a `_gte` filter never skips the boundary, with 'Z'
    /// (a '+' would need escaping in a query string).
    public static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
    }
}

/// Decoding of Airflow bodies: snake_case keys, Airflow timestamps, and a short reason when it fails.
public enum AirflowJSON {
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = AirflowTimestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a timestamp: \(text.prefix(40))")
            }
            return date
        }
        return try decoder.decode(type, from: data)
    }

    /// The body of `endpoint` as `type`, or `.malformed` naming the source and the endpoint with the field at
    /// fault. The client and fuzz targets decode through here, so every decoding failure names its input.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, source: String,
                                            endpoint: String) throws(AirflowError) -> T {
        do {
            return try decode(type, from: data)
        } catch {
            throw AirflowError.malformed(source: source, endpoint: endpoint, reason: reason(error))
        }
    }

    /// One line naming the field, e.g. "missing field dag_runs[0].dag_id" (`snakeCase: false` keeps the keys as
    /// spelled: Dagster's GraphQL fields are camelCase).
    static func reason(_ error: any Error, snakeCase: Bool = true) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { text, key in
                if let i = key.intValue { return text + "[\(i)]" }
                let name = snakeCase ? snake(key.stringValue) : key.stringValue
                return text.isEmpty ? name : text + "." + name
            }
        }
        switch error {
        case let .keyNotFound(key, context):
            let at = path(context.codingPath + [key])
            return "missing field \(at)"
        case let .valueNotFound(_, context):
            return "null where a value is needed at \(path(context.codingPath))"
        case let .typeMismatch(type, context):
            return "expected \(type) at \(path(context.codingPath))"
        case let .dataCorrupted(context):
            // Only a syntax error has no path: a bad value inside valid JSON has one.
            guard !context.codingPath.isEmpty else { return "not valid JSON" }
            return "\(context.debugDescription) at \(path(context.codingPath))"
        @unknown default:
            return "\(error)"
        }
    }

    /// Back to the JSON's spelling for messages ("dagRunId" -> "dag_run_id").
    private static func snake(_ key: String) -> String {
        var out = ""
        for ch in key {
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
        return out
    }
}
