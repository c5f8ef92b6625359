import Foundation

/// Case-insensitive substring search for `/` filters. Filters are typed on every key press over every row
/// (20,000 datasets), so ASCII needles — nearly all of them — are matched on UTF-8 bytes without allocating;
/// anything else falls back to Foundation's localized comparison.
public enum TextSearch {
    public struct Needle: Sendable {
        let text: String
        /// Lower-cased bytes when the needle is ASCII; nil otherwise.
        let ascii: [UInt8]?

        public init(_ text: String) {
            self.text = text
            ascii = text.utf8.allSatisfy { $0 < 0x80 } ? text.utf8.map(Needle.lower) : nil
        }

        public var isEmpty: Bool { text.isEmpty }

        public func found(in haystack: String) -> Bool {
            guard !text.isEmpty else { return true }
            guard let ascii else { return haystack.localizedCaseInsensitiveContains(text) }
            var h = haystack
            return h.withUTF8 { bytes in
                guard bytes.count >= ascii.count else { return false }
                let first = ascii[0]
                outer: for start in 0...(bytes.count - ascii.count) where Needle.lower(bytes[start]) == first {
                    for k in 1..<ascii.count where Needle.lower(bytes[start + k]) != ascii[k] { continue outer }
                    return true
                }
                return false
            }
        }

        static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
    }
}
