import Foundation

/// Stateless seeded randomness: every draw is a pure function of (seed, key, salt), so the
/// simulation never depends on call order, tick cadence or process (String.hashValue is per-process).
struct SeededHash: Sendable {
    let state: UInt64

    init(seed: UInt64, _ parts: String...) {
        var s = SeededHash.mix(seed)
        for part in parts { s = SeededHash.mix(s ^ SeededHash.fnv1a(part)) }
        state = s
    }

    init(state: UInt64) { self.state = state }

    /// A derived stream, e.g. one per run slot.
    func child(_ n: Int) -> SeededHash { SeededHash(state: SeededHash.mix(state ^ UInt64(bitPattern: Int64(n)) &* 0x9E37_79B9_7F4A_7C15)) }

    func bits(_ salt: UInt64) -> UInt64 { SeededHash.mix(state &+ SeededHash.mix(salt &+ 0xD1B5_4A32_D192_ED03)) }

    /// Uniform in [0, 1).
    func unit(_ salt: UInt64) -> Double { Double(bits(salt) >> 11) / 9_007_199_254_740_992.0 }

    func range(_ salt: UInt64, _ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit(salt) }

    func int(_ salt: UInt64, _ lo: Int, _ hi: Int) -> Int { lo + Int(bits(salt) % UInt64(hi - lo + 1)) }

    func pick<T>(_ salt: UInt64, _ items: [T]) -> T { items[Int(bits(salt) % UInt64(items.count))] }

    /// SplitMix64 finaliser.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }
}
