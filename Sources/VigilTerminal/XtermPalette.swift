/// The xterm 256-colour palette and nearest-colour search over it.
public enum XtermPalette {
    public typealias RGB = (r: UInt8, g: UInt8, b: UInt8)

    /// xterm's default ANSI colours; real terminals may differ, which is why rgb themes
    /// never map onto 0-15 when a 256-colour palette is available.
    static let ansi: [RGB] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// Channel levels of the 6x6x6 cube (indices 16-231).
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    public static func rgb(of index: UInt8) -> RGB {
        let i = Int(index)
        if i < 16 { return ansi[i] }
        if i < 232 {
            let c = i - 16
            return (UInt8(cubeLevels[c / 36]), UInt8(cubeLevels[(c / 6) % 6]), UInt8(cubeLevels[c % 6]))
        }
        let grey = UInt8(8 + (i - 232) * 10)
        return (grey, grey, grey)
    }

    /// Nearest index in 16-255 (the cube and the grey ramp, whose colours are fixed).
    public static func nearest256(r: UInt8, g: UInt8, b: UInt8) -> UInt8 {
        let cube = 16 + 36 * nearestLevel(r) + 6 * nearestLevel(g) + nearestLevel(b)
        // Grey ramp 232-255 is 8, 18, ..., 238.
        let mean = (Int(r) + Int(g) + Int(b)) / 3
        let greyStep = min(23, max(0, (mean - 8 + 5) / 10))
        let grey = 232 + greyStep
        let target: RGB = (r, g, b)
        return distance(rgb(of: UInt8(cube)), target) <= distance(rgb(of: UInt8(grey)), target) ? UInt8(cube) : UInt8(grey)
    }

    /// The closest of the first `count` (8 or 16) ANSI colours to any palette colour.
    /// Not by RGB distance: against the saturated ANSI colours that turns mid greys
    /// yellow. Greys go by lightness; other colours keep their hue (each channel that is
    /// at least 60% of the strongest one), and are bright when the strongest channel is.
    public static func nearestANSI(to index: UInt8, count: Int) -> UInt8 {
        let c = rgb(of: index)
        let hi = max(c.r, c.g, c.b), lo = min(c.r, c.g, c.b)
        let bright = count >= 16
        if Int(hi) - Int(lo) < 40 {
            let light = (Int(c.r) + Int(c.g) + Int(c.b)) / 3
            if !bright { return light < 64 ? 0 : 7 }
            switch light {
            case ..<48: return 0
            case ..<160: return 8
            case ..<224: return 7
            default: return 15
            }
        }
        func on(_ v: UInt8) -> Bool { Int(v) * 5 >= Int(hi) * 3 }
        let hue = (on(c.r) ? 1 : 0) | (on(c.g) ? 2 : 0) | (on(c.b) ? 4 : 0)
        return UInt8(bright && hi >= 224 ? hue + 8 : hue)
    }

    static func distance(_ a: RGB, _ b: RGB) -> Int {
        let dr = Int(a.r) - Int(b.r), dg = Int(a.g) - Int(b.g), db = Int(a.b) - Int(b.b)
        return dr * dr + dg * dg + db * db
    }

    private static func nearestLevel(_ v: UInt8) -> Int {
        var best = 0
        for i in 1..<cubeLevels.count where abs(cubeLevels[i] - Int(v)) < abs(cubeLevels[best] - Int(v)) { best = i }
        return best
    }
}
