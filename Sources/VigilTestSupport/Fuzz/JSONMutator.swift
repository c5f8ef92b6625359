import Foundation

/// Edits that keep JSON valid but break its meaning: the wrong type, a null, a number no field can hold, a key
/// gone, a value nested very deep. These get past the syntax check and reach the decoder's and mapper's logic.
enum JSONMutator {
    /// nil when the input is not JSON (then only byte edits apply).
    static func mutate(_ bytes: [UInt8], _ rng: inout SplitMix64) -> (bytes: [UInt8], what: String)? {
        guard let root = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) else { return nil }
        var paths: [[PathStep]] = []
        collect(root, [], into: &paths)
        guard !paths.isEmpty else { return nil }
        let path = rng.pick(paths)
        let (replacement, what) = newValue(rng: &rng)
        let edited: Any
        if path.isEmpty {
            edited = replacement ?? NSNull()
        } else {
            edited = replace(root, path[...], with: replacement)
        }
        guard let data = try? JSONSerialization.data(withJSONObject: edited, options: [.fragmentsAllowed]) else { return nil }
        let shown = path.map(\.description).joined()
        return ([UInt8](data), "\(what) at \(shown.isEmpty ? "top level" : shown)")
    }

    enum PathStep: CustomStringConvertible {
        case key(String), index(Int)
        var description: String {
            switch self {
            case let .key(k): return ".\(k)"
            case let .index(i): return "[\(i)]"
            }
        }
    }

    /// Every value's path, the root included. Capped: a manifest has many thousands, a sample is enough.
    private static func collect(_ value: Any, _ path: [PathStep], into paths: inout [[PathStep]]) {
        guard paths.count < 5_000 else { return }
        paths.append(path)
        if let object = value as? [String: Any] {
            for key in object.keys.sorted() { collect(object[key]!, path + [.key(key)], into: &paths) }
        } else if let array = value as? [Any] {
            for (i, item) in array.enumerated() { collect(item, path + [.index(i)], into: &paths) }
        }
    }

    /// nil means "remove the key" (or the element).
    private static func newValue(rng: inout SplitMix64) -> (Any?, String) {
        switch rng.below(14) {
        case 0: return (nil, "remove")
        case 1: return (NSNull(), "null")
        case 2: return (Int64.max, "Int64.max")
        case 3: return (Int64.min, "Int64.min")
        case 4: return (-1, "-1")
        case 5: return (0, "0")
        case 6: return (1e308, "1e308")
        case 7: return (-0.5, "-0.5")
        case 8: return (String(repeating: "x", count: 100_000), "100 kB string")
        case 9: return ("", "empty string")
        case 10: return (true, "true")
        case 11: return ([Any](), "empty list")
        case 12: return ([String: Any](), "empty object")
        default:
            var deep: Any = "bottom"
            let depth = 50 + rng.below(400)
            for _ in 0..<depth { deep = rng.oneIn(2) ? [deep] : ["k": deep] }
            return (deep, "\(depth)-deep value")
        }
    }

    private static func replace(_ value: Any, _ path: ArraySlice<PathStep>, with replacement: Any?) -> Any {
        guard let step = path.first else { return replacement ?? NSNull() }
        let rest = path.dropFirst()
        switch step {
        case let .key(key):
            guard var object = value as? [String: Any], let child = object[key] else { return value }
            if rest.isEmpty, replacement == nil { object.removeValue(forKey: key) }
            else { object[key] = replace(child, rest, with: replacement) }
            return object
        case let .index(i):
            guard var array = value as? [Any], array.indices.contains(i) else { return value }
            if rest.isEmpty, replacement == nil { array.remove(at: i) }
            else { array[i] = replace(array[i], rest, with: replacement) }
            return array
        }
    }
}
