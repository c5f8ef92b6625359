import Foundation

/// A value of a free-form `meta` dictionary. Only scalars matter to Vigil (tier, owner); anything else is kept
/// as `.other` so an unusual meta entry never fails the whole manifest.
public enum DbtMetaValue: Decodable, Equatable, Sendable {
    case int(Int)
    case number(Double)
    case string(String)
    case bool(Bool)
    case other

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let v = try? c.decode(Int.self) { self = .int(v) }
        else if let v = try? c.decode(Double.self) { self = .number(v) }
        else if let v = try? c.decode(String.self) { self = .string(v) }
        else if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else { self = .other }
    }

    /// Whole numbers written as 1, 1.0 or "1" (YAML users quote freely).
    public var intValue: Int? {
        switch self {
        case let .int(v): return v
        case let .number(v): return v.rounded() == v && abs(v) < 1e9 ? Int(v) : nil
        case let .string(s): return Int(s.trimmingCharacters(in: .whitespaces))
        case .bool, .other: return nil
        }
    }

    public var stringValue: String? {
        switch self {
        case let .string(s): return s
        case let .int(v): return String(v)
        case .number, .bool, .other: return nil
        }
    }
}

/// `tags` as a list of strings; a bare string or null (both seen in hand-edited configs) are accepted too.
public struct DbtStringList: Decodable, Equatable, Sendable {
    public var values: [String]

    public init(_ values: [String]) { self.values = values }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { values = [] }
        else if let one = try? c.decode(String.self) { values = [one] }
        else { values = (try? c.decode([String?].self))?.compactMap { $0 } ?? [] }
    }
}
