/// Hands out ncurses colour-pair numbers per (foreground, background), on demand.
/// Pair 0 is the terminal's default pair and is returned when the table is full.
public struct ColorPairTable: Sendable {
    public struct Colors: Hashable, Sendable {
        public var foreground: Int32
        public var background: Int32
        public init(foreground: Int32, background: Int32) {
            self.foreground = foreground
            self.background = background
        }
    }

    private var pairs: [Colors: Int32] = [:]
    private let limit: Int32
    private var next: Int32 = 1

    /// - Parameter capacity: COLOR_PAIRS; pair numbers go from 1 to capacity - 1.
    public init(capacity: Int) {
        limit = Int32(clamping: max(1, capacity))
    }

    /// The pair for these colours; `isNew` says the caller must `init_extended_pair` it.
    public mutating func pair(for colors: Colors) -> (number: Int32, isNew: Bool) {
        if colors.foreground == -1 && colors.background == -1 { return (0, false) }
        if let known = pairs[colors] { return (known, false) }
        guard next < limit else { return (0, false) }
        let number = next
        next += 1
        pairs[colors] = number
        return (number, true)
    }

    public var count: Int { pairs.count }
}
