/// A tiny seeded generator (Steele, Lea and Flood's SplitMix64): the same seed gives the same sequence on every
/// platform and Swift release, which `SystemRandomNumberGenerator` cannot promise. Fuzz failures replay exactly.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0 ..< bound; `bound` must be positive. Modulo bias is irrelevant for fuzzing.
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// An element of a non-empty collection.
    public mutating func pick<C: RandomAccessCollection>(_ items: C) -> C.Element where C.Index == Int {
        items[items.startIndex + below(items.count)]
    }

    /// true with probability 1/n.
    public mutating func oneIn(_ n: Int) -> Bool { below(n) == 0 }
}
