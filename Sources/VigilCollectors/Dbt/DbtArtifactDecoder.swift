import Foundation

/// Artifact types Vigil reads, with the one schema version each was built against.
protocol DbtArtifact: Decodable {
    /// e.g. "manifest" for "https://schemas.getdbt.com/dbt/manifest/v12.json".
    static var schemaKind: String { get }
    static var schemaVersion: Int { get }
    /// Which dbt writes it, for the error message.
    static var writtenBy: String { get }
    var dbtSchemaVersion: String { get }
}

/// Decodes one artifact file's bytes, checking its schema version and turning every failure into a
/// `DbtArtifactError` that names the file. Unknown fields are ignored, so newer dbt patch releases that
/// add fields keep working.
enum DbtArtifactDecoder {
    static func decode<T: DbtArtifact>(_ type: T.Type, from data: Data, file: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = DbtTimestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a timestamp: \(text.prefix(40))")
            }
            return date
        }
        do {
            let value = try decoder.decode(T.self, from: data)
            try check(value.dbtSchemaVersion, for: T.self, file: file)
            return value
        } catch let error as DecodingError {
            // An artifact of another schema fails on shape first; its version explains the failure better.
            if let header = try? JSONDecoder().decode(Header.self, from: data),
               let version = header.metadata?.dbtSchemaVersion {
                try check(version, for: T.self, file: file)
            }
            throw DbtArtifactError.malformed(file: file, reason: reason(error))
        }
    }

    static func supported<T: DbtArtifact>(_ type: T.Type) -> String {
        "\(T.schemaKind)/v\(T.schemaVersion) (\(T.writtenBy))"
    }

    private static func check<T: DbtArtifact>(_ url: String, for type: T.Type, file: String) throws {
        let parts = url.split(separator: "/")
        let kind = parts.count >= 2 ? String(parts[parts.count - 2]) : ""
        let last = parts.last.map(String.init) ?? ""
        let version = last.hasPrefix("v") && last.hasSuffix(".json") ? Int(last.dropFirst().dropLast(5)) : nil
        guard kind == T.schemaKind, version == T.schemaVersion else {
            let found = version.map { "\(kind)/v\($0)" } ?? "'\(url.prefix(80))'"
            throw DbtArtifactError.unsupportedVersion(file: file, found: found, supported: supported(T.self))
        }
    }

    /// Short, path-qualified reason: "missing key 'results'", "not valid JSON", ...
    static func reason(_ error: DecodingError) -> String {
        switch error {
        case let .dataCorrupted(context) where context.codingPath.isEmpty:
            return "not valid JSON (truncated or corrupt)"
        case let .dataCorrupted(context):
            return "bad value at \(path(context.codingPath)): \(context.debugDescription)"
        case let .keyNotFound(key, context):
            return "missing key '\(path(context.codingPath + [key]))'"
        case let .typeMismatch(type, context):
            return "expected \(type) at \(path(context.codingPath))"
        case let .valueNotFound(type, context):
            return "null where \(type) is required at \(path(context.codingPath))"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        guard !keys.isEmpty else { return "top level" }
        var text = ""
        for key in keys {
            if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return text
    }

    /// Just enough to read the schema version of any dbt artifact.
    private struct Header: Decodable {
        struct Metadata: Decodable {
            var dbtSchemaVersion: String?
            enum CodingKeys: String, CodingKey { case dbtSchemaVersion = "dbt_schema_version" }
        }
        var metadata: Metadata?
    }
}
