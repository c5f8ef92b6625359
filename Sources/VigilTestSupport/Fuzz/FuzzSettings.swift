import Foundation

/// The fixed seed and case count fuzz tests use, so CI replays the same inputs every run. For a longer local
/// hunt, `VIGIL_FUZZ_SEED` and `VIGIL_FUZZ_SCALE` (a multiplier of the count) change them; a failure message
/// names the seed, so it can be replayed.
public enum FuzzSettings {
    public static let defaultSeed: UInt64 = 0x5649_4749_4C21  // "VIGIL!"

    public static var seed: UInt64 {
        ProcessInfo.processInfo.environment["VIGIL_FUZZ_SEED"].flatMap { UInt64($0) } ?? defaultSeed
    }

    public static func count(_ base: Int) -> Int {
        let scale = ProcessInfo.processInfo.environment["VIGIL_FUZZ_SCALE"].flatMap { Int($0) } ?? 1
        return base * max(1, scale)
    }

    /// Every regular file in `directory` whose name passes `include`, sorted, as (name, bytes) seed inputs.
    public static func seeds(in directory: URL, include: (String) -> Bool) throws -> [(name: String, bytes: [UInt8])] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter(include).sorted().map { name in
            (name, [UInt8](try Data(contentsOf: directory.appendingPathComponent(name))))
        }
    }
}

/// Lines as YAML counts them (a lone "\r", NEL, LS and PS end a line too): the most a reported line can be.
public func yamlLineCount(_ text: String) -> Int {
    var count = 1
    var afterCR = false
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\n": if !afterCR { count += 1 }
        case "\r", "\u{85}", "\u{2028}", "\u{2029}": count += 1
        default: break
        }
        afterCR = scalar == "\r"
    }
    return count
}
