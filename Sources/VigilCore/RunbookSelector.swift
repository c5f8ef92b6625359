/// One `applies_to` entry of a runbook: what kind of thing it names and how. Names and tags are globs (see Glob).
/// Encoded as a one-key object, the same shape as in the front matter: `{"dataset": "raw.*"}`, `{"tier": 1}`.
public enum RunbookSelector: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    case dataset(String)
    case pipeline(String)
    case tier(Int)
    case tag(String)

    /// The front-matter keys, in the order they are documented.
    public static let keys = ["dataset", "pipeline", "tier", "tag"]

    public var key: String {
        switch self {
        case .dataset: return "dataset"
        case .pipeline: return "pipeline"
        case .tier: return "tier"
        case .tag: return "tag"
        }
    }

    /// `dataset raw.*`, `tier 1`: for listings.
    public var description: String {
        switch self {
        case .dataset(let p), .pipeline(let p), .tag(let p): return "\(key) \(p)"
        case .tier(let t): return "tier \(t)"
        }
    }

    private enum CodingKeys: String, CodingKey { case dataset, pipeline, tier, tag }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let p = try c.decodeIfPresent(String.self, forKey: .dataset) {
            self = .dataset(p)
        } else if let p = try c.decodeIfPresent(String.self, forKey: .pipeline) {
            self = .pipeline(p)
        } else if let t = try c.decodeIfPresent(Int.self, forKey: .tier) {
            self = .tier(t)
        } else if let p = try c.decodeIfPresent(String.self, forKey: .tag) {
            self = .tag(p)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "expected one of \(Self.keys.joined(separator: ", "))"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .dataset(let p): try c.encode(p, forKey: .dataset)
        case .pipeline(let p): try c.encode(p, forKey: .pipeline)
        case .tier(let t): try c.encode(t, forKey: .tier)
        case .tag(let p): try c.encode(p, forKey: .tag)
        }
    }
}
