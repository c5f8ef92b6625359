import CYaml

/// Refuses YAML whose aliases would stand for too many values: the "billion laughs", where each alias repeats
/// the one before. Yams shares an aliased node rather than copying it, but hashes a mapping's keys to find
/// duplicates, so a bomb used as a key makes it walk all 10^9 values and never return. Counting on libyaml's
/// events, before Yams composes anything, costs one pass over the text.
public enum YAMLAliasLimit {
    /// Values aliases may stand for in one document, in total: a hand-written file uses a handful.
    public static let limit = 100_000

    public struct Exceeded: Equatable, Sendable {
        /// 1-based, of the alias that went over the limit.
        public let line: Int
        public let column: Int
        public let alias: String
    }

    /// The alias that takes the document over `limit`; nil when none does, or when the text does not parse (Yams
    /// then reports the syntax error itself).
    public static func check(_ yaml: String) -> Exceeded? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(yaml.utf8)
        return bytes.withUnsafeBufferPointer { buffer -> Exceeded? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var counter = Counter()
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_SCALAR_EVENT:
                    counter.finish(size: 1, anchor: text(event.data.scalar.anchor))
                case YAML_SEQUENCE_START_EVENT:
                    counter.open(anchor: text(event.data.sequence_start.anchor))
                case YAML_MAPPING_START_EVENT:
                    counter.open(anchor: text(event.data.mapping_start.anchor))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    counter.close()
                case YAML_ALIAS_EVENT:
                    let name = text(event.data.alias.anchor) ?? ""
                    if counter.alias(name) > limit {
                        return Exceeded(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1,
                                        alias: name)
                    }
                default:
                    break
                }
            }
        }
    }

    /// Sizes of anchored nodes (values they stand for) and of the collections still open.
    private struct Counter {
        var anchors: [String: Int] = [:]
        var open: [(anchor: String?, size: Int)] = []
        var aliased = 0

        mutating func open(anchor: String?) { open.append((anchor, 1)) }

        mutating func close() {
            guard let done = open.popLast() else { return }
            finish(size: done.size, anchor: done.anchor)
        }

        /// Sizes saturate just past the limit, so no count can overflow.
        mutating func finish(size: Int, anchor: String?) {
            let size = min(size, limit + 1)
            if let anchor { anchors[anchor] = size }
            if !open.isEmpty { open[open.count - 1].size = min(open[open.count - 1].size + size, limit + 1) }
        }

        /// The running total of values aliases stand for.
        mutating func alias(_ name: String) -> Int {
            let size = anchors[name] ?? 1
            aliased = min(aliased + size, limit + 1)
            finish(size: size, anchor: nil)
            return aliased
        }
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }
}
