/// A row of block characters, one per value, scaled to the largest value (or `ceiling`).
enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func text(_ values: [Double?], ceiling: Double? = nil) -> String {
        let top = ceiling ?? values.compactMap { $0 }.max() ?? 1
        guard top > 0 else { return String(repeating: blocks[0], count: values.count) }
        return String(values.map { v -> Character in
            guard let v else { return " " }
            let i = Int((min(v, top) / top) * Double(blocks.count - 1))
            return blocks[max(0, min(blocks.count - 1, i))]
        })
    }
}
