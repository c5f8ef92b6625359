/// Format-blind edits of raw bytes: what a truncated download, a bad disk or a hostile server produces.
enum ByteMutator {
    /// One random edit; `what` says which, so a failing case can be understood without replaying it.
    static func mutate(_ bytes: [UInt8], _ rng: inout SplitMix64) -> (bytes: [UInt8], what: String) {
        var b = bytes
        if b.isEmpty { return (HostileInputs.fragments[rng.below(HostileInputs.fragments.count)], "replace empty input") }
        let at = rng.below(b.count)
        switch rng.below(9) {
        case 0:
            let bit = UInt8(1) << UInt8(rng.below(8))
            b[at] ^= bit
            return (b, "flip bit \(bit) at \(at)")
        case 1:
            let length = min(b.count - at, 1 + rng.below(64))
            b.removeSubrange(at..<(at + length))
            return (b, "delete \(length) bytes at \(at)")
        case 2:
            let length = min(b.count - at, 1 + rng.below(256))
            let copy = Array(b[at..<(at + length)])
            let to = rng.below(b.count + 1)
            b.insert(contentsOf: copy, at: to)
            return (b, "duplicate \(length) bytes from \(at) to \(to)")
        case 3:
            let fragment = rng.pick(HostileInputs.fragments)
            b.insert(contentsOf: fragment, at: at)
            return (b, "insert hostile \(fragment) at \(at)")
        case 4:
            let count = 20 + rng.below(400)
            b.insert(contentsOf: HostileInputs.digitRun(count), at: at)
            return (b, "insert \(count) digits at \(at)")
        case 5:
            let depth = 100 + rng.below(20_000)
            let object = rng.oneIn(2)
            b.insert(contentsOf: HostileInputs.nesting(depth, object: object), at: at)
            return (b, "insert \(depth)-deep \(object ? "{" : "[") nesting at \(at)")
        case 6:
            b.removeSubrange(at...)
            return (b, "truncate at \(at)")
        case 7:
            b[at] = UInt8(truncatingIfNeeded: rng.next())
            return (b, "overwrite byte at \(at)")
        default:
            // Swap two ranges' worth of order: a reordered or interleaved write.
            let other = rng.below(b.count)
            b.swapAt(at, other)
            return (b, "swap bytes \(at) and \(other)")
        }
    }
}
