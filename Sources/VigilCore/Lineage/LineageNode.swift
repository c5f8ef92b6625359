/// A node of the lineage graph: one graph holds datasets and the pipelines that read and write them.
///
/// As text (the store's lineage_edges and incidents.cause_key, JSON) a node is "dataset:NAME" or
/// "pipeline:SOURCE/ID"; `init(parsing:)` and `text` are the one parse/format pair, and `text` of a parsed node is
/// always the text it was parsed from.
public enum LineageNode: Sendable, Hashable {
    case dataset(String)
    /// A pipeline by its source and its id there. `source` is nil only for a node written without one
    /// ("pipeline:ID", which Vigil itself never writes).
    case pipeline(source: String?, id: String)

    static let datasetPrefix = "dataset:"
    static let pipelinePrefix = "pipeline:"

    /// The node of a pipeline.
    public init(_ pipeline: Pipeline) { self = .pipeline(source: pipeline.source, id: pipeline.pipelineID) }

    /// A pipeline as incidents list it, "SOURCE/ID" (`Pipeline.id`): the source is the part before the first "/".
    public init(pipelineReference ref: String) {
        if let slash = ref.firstIndex(of: "/") {
            self = .pipeline(source: String(ref[..<slash]), id: String(ref[ref.index(after: slash)...]))
        } else {
            self = .pipeline(source: nil, id: ref)
        }
    }

    /// "dataset:NAME" or "pipeline:SOURCE/ID"; nil for any other text (a correctness cause key, a damaged row).
    public init?(parsing text: String) {
        if text.hasPrefix(Self.datasetPrefix) {
            self = .dataset(String(text.dropFirst(Self.datasetPrefix.count)))
        } else if text.hasPrefix(Self.pipelinePrefix) {
            self.init(pipelineReference: String(text.dropFirst(Self.pipelinePrefix.count)))
        } else {
            return nil
        }
    }

    /// The node as text: "dataset:NAME" or "pipeline:SOURCE/ID".
    public var text: String {
        switch self {
        case .dataset(let name): return Self.datasetPrefix + name
        case .pipeline: return Self.pipelinePrefix + name
        }
    }

    /// The dataset's name, or the pipeline as "SOURCE/ID" (`Pipeline.id`; the id alone without a source).
    public var name: String {
        switch self {
        case .dataset(let name): return name
        case .pipeline(let source?, let id): return source + "/" + id
        case .pipeline(nil, let id): return id
        }
    }

    /// The dataset's name; nil for a pipeline.
    public var datasetName: String? {
        if case .dataset(let name) = self { return name }
        return nil
    }

    /// The pipeline as "SOURCE/ID" (`Pipeline.id`); nil for a dataset.
    public var pipelineReference: String? {
        if case .pipeline = self { return name }
        return nil
    }

    /// The pipeline's id at its source; nil for a dataset.
    public var pipelineID: String? {
        if case .pipeline(_, let id) = self { return id }
        return nil
    }

    public var isPipeline: Bool { pipelineID != nil }
}

extension LineageNode: Comparable {
    /// In the order of `text`, without building it: datasets ("d") before pipelines ("p"), then by the rest.
    public static func < (a: LineageNode, b: LineageNode) -> Bool {
        switch (a, b) {
        case let (.dataset(x), .dataset(y)): return x < y
        case (.dataset, .pipeline): return true
        case (.pipeline, .dataset): return false
        case (.pipeline, .pipeline): return a.name < b.name
        }
    }
}

extension LineageNode: CustomStringConvertible {
    public var description: String { text }
}

extension LineageNode: Codable {
    /// Encoded as its text, as the store keeps it.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let node = LineageNode(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a lineage node: \(text)")
        }
        self = node
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
