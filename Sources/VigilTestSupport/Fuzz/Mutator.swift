import Foundation

/// A deterministic mutation engine for fuzz tests: from real captured inputs and a seed, the same sequence of
/// broken inputs on every run, each with a note of how it was made.
public struct Mutator: Sendable {
    public enum Format: Sendable {
        /// Byte edits plus structure-aware JSON edits.
        case json
        /// Byte edits plus line edits (indentation, tabs, quotes, anchors and aliases).
        case yaml
        /// Byte edits plus line edits, which also break fences and front matter.
        case markdown
    }

    /// One generated input.
    public struct Case: Sendable {
        /// The seed input it was made from (a fixture's file name).
        public var seedName: String
        public var bytes: [UInt8]
        /// The edits, in order: "delete 12 bytes at 40; null at .dags[0].dag_id".
        public var what: String
        public var data: Data { Data(bytes) }
        /// The bytes as text, invalid UTF-8 repaired, for parsers that take a String.
        public var text: String { String(decoding: bytes, as: UTF8.self) }
        /// For test failure messages: where it came from and how, never the (possibly huge) input itself.
        public var label: String { "\(seedName): \(what)" }
    }

    public let format: Format
    private var rng: SplitMix64

    public init(seed: UInt64, format: Format) {
        self.format = format
        rng = SplitMix64(seed: seed)
    }

    /// `count` cases, cycling through `seeds` (name, bytes); each case stacks one to three edits.
    public mutating func cases(from seeds: [(name: String, bytes: [UInt8])], count: Int) -> [Case] {
        precondition(!seeds.isEmpty, "fuzzing needs at least one seed input")
        return (0..<count).map { i in
            let seed = seeds[i % seeds.count]
            return mutate(seed.bytes, name: seed.name)
        }
    }

    public mutating func mutate(_ input: [UInt8], name: String) -> Case {
        var bytes = input
        var notes: [String] = []
        for _ in 0..<(1 + rng.below(3)) {
            let (edited, what) = step(bytes)
            bytes = edited
            notes.append(what)
        }
        return Case(seedName: name, bytes: bytes, what: notes.joined(separator: "; "))
    }

    private mutating func step(_ bytes: [UInt8]) -> ([UInt8], String) {
        // Structure-aware edits half of the time: they reach deeper than syntax errors do.
        if rng.oneIn(2) {
            switch format {
            case .json:
                if let edited = JSONMutator.mutate(bytes, &rng) { return edited }
            case .yaml, .markdown:
                let (text, what) = LineMutator.mutate(String(decoding: bytes, as: UTF8.self), &rng)
                return (Array(text.utf8), what)
            }
        }
        return ByteMutator.mutate(bytes, &rng)
    }
}
