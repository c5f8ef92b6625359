/// The xterm 256-colour palette: how indexed colours look (SVG snapshots) and how RGB maps onto it.
extension Theme {
    /// xterm's default RGB for a palette index: 16 ANSI colours, a 6x6x6 cube, then 24 greys.
    public static func xterm256ToRGB(_ i: UInt8) -> (UInt8, UInt8, UInt8) { XtermPalette.rgb(of: i) }
}

/// The xterm 256-colour palette and the one nearest-colour rule: themes degrade with it (`Theme.degraded`) and the
/// terminal backend reduces colours with it (VigilTerminal's `ColorMapper`).
public enum XtermPalette {
    /// xterm's default ANSI colours; real terminals may differ, which is why RGB never maps onto 0-15 when a
    /// 256-colour palette is available.
    static let ansi: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
    /// Channel levels of the 6x6x6 cube (indices 16-231).
    static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// xterm's default RGB for a palette index: 16 ANSI colours, a 6x6x6 cube, then 24 greys (8, 18, ..., 238).
    public static func rgb(of i: UInt8) -> (UInt8, UInt8, UInt8) {
        switch i {
        case 0..<16: return ansi[Int(i)]
        case 16..<232:
            let n = Int(i) - 16
            return (cubeLevels[n / 36], cubeLevels[(n / 6) % 6], cubeLevels[n % 6])
        default:
            let g = UInt8(8 + 10 * (Int(i) - 232))
            return (g, g, g)
        }
    }

    /// Nearest index among `candidates`, by a perceptually weighted ("redmean") RGB distance, over every candidate:
    /// the cube's greys and the grey ramp compete on the same footing. Ties go to the lowest index so the result is
    /// deterministic.
    static func nearest(_ rgb: (UInt8, UInt8, UInt8), in candidates: ClosedRange<Int>) -> UInt8 {
        var best = candidates.lowerBound, bestDistance = Int.max
        for i in candidates {
            let d = distance(rgb, Self.rgb(of: UInt8(i)))
            if d < bestDistance { best = i; bestDistance = d }
        }
        return UInt8(best)
    }

    /// Nearest xterm-256 colour for an RGB value. 0-15 are skipped: terminals redefine them.
    public static func nearest256(_ rgb: (UInt8, UInt8, UInt8)) -> UInt8 { nearest(rgb, in: 16...255) }

    static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        let rMean = (Int(a.0) + Int(b.0)) / 2
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        // Parenthesised: in Swift `>>` binds tighter than `*`.
        return (((512 + rMean) * dr * dr) >> 8) + 4 * dg * dg + (((767 - rMean) * db * db) >> 8)
    }

    /// Nearest of the 8 or 16 ANSI colours. Plain distance turns muted greens and magentas into greys
    /// or blues, and status colours must keep their meaning, so a coloured input keeps its hue
    /// (nearest of the six ANSI hues) and distance only picks normal or bright; a greyish input maps to a grey.
    public static func nearestANSI(_ rgb: (UInt8, UInt8, UInt8), colors: Int) -> UInt8 {
        let bright = colors >= 16
        let hi = max(rgb.0, rgb.1, rgb.2), lo = min(rgb.0, rgb.1, rgb.2)
        let chroma = Int(hi) - Int(lo)
        if chroma < 48 {
            let greys: [UInt8] = bright ? [0, 8, 7, 15] : [0, 7]
            return greys.min { distance(rgb, Self.rgb(of: $0)) < distance(rgb, Self.rgb(of: $1)) }!
        }
        let (r, g, b) = (Double(rgb.0), Double(rgb.1), Double(rgb.2)), c = Double(chroma)
        var hue: Double
        if hi == rgb.0 { hue = 60 * ((g - b) / c) } else if hi == rgb.1 { hue = 60 * ((b - r) / c) + 120 } else { hue = 60 * ((r - g) / c) + 240 }
        if hue < 0 { hue += 360 }
        // Sectors centred on red, yellow, green, cyan, blue, magenta, as ANSI indexes.
        let sectorColors: [UInt8] = [1, 3, 2, 6, 4, 5]
        let normal = sectorColors[Int((hue / 60).rounded()) % 6]
        guard bright else { return normal }
        let brighter = normal + 8
        return distance(rgb, Self.rgb(of: brighter)) < distance(rgb, Self.rgb(of: normal)) ? brighter : normal
    }

    /// The RGB a theme colour stands for; nil for the terminal's default colour.
    public static func rgb(of color: ThemeColor) -> (UInt8, UInt8, UInt8)? {
        switch color {
        case .terminalDefault: return nil
        case .indexed(let i): return Self.rgb(of: i)
        case .rgb(let r, let g, let b): return (r, g, b)
        }
    }
}
