import VigilUI

/// How many colours the terminal has, which decides how theme colours are reduced.
public enum ColorDepth: Sendable, Equatable {
    case none
    case ansi8
    case ansi16
    case palette256
    /// Direct colour (e.g. xterm-direct): colour numbers are packed 0xRRGGBB, except 0-7 which stay ANSI.
    case direct

    public init(colors: Int) {
        switch colors {
        case ..<8: self = .none
        case 8..<16: self = .ansi8
        case 16..<256: self = .ansi16      // includes 88-colour terminals: only 0-15 are predictable
        case 256..<0x1000000: self = .palette256
        default: self = .direct
        }
    }
}

/// Maps theme colours to ncurses colour numbers for one terminal.
public struct ColorMapper: Sendable, Equatable {
    public var depth: ColorDepth
    /// `use_default_colors()` succeeded, so -1 means "the terminal's own colour".
    public var hasDefaultColors: Bool

    public init(depth: ColorDepth, hasDefaultColors: Bool) {
        self.depth = depth
        self.hasDefaultColors = hasDefaultColors
    }

    /// The ncurses colour number for a theme colour; -1 is the terminal default.
    /// Without default-colour support the default becomes white on black.
    public func number(for color: ThemeColor, isBackground: Bool) -> Int32 {
        if depth == .none { return -1 }
        switch color {
        case .terminalDefault:
            return hasDefaultColors ? -1 : (isBackground ? 0 : 7)
        case .indexed(let index):
            return reduce(index)
        case .rgb(let r, let g, let b):
            if depth == .direct { return Int32(r) << 16 | Int32(g) << 8 | Int32(b) }
            return reduce(XtermPalette.nearest256((r, g, b)))
        }
    }

    private func reduce(_ index: UInt8) -> Int32 {
        switch depth {
        case .none: return -1
        case .palette256: return Int32(index)
        case .direct:
            if index < 8 { return Int32(index) }
            let (r, g, b) = XtermPalette.rgb(of: index)
            return Int32(r) << 16 | Int32(g) << 8 | Int32(b)
        case .ansi16: return Int32(XtermPalette.nearestANSI(XtermPalette.rgb(of: index), colors: 16))
        case .ansi8:
            // Bright ANSI colours fall back to their normal counterpart, keeping the hue.
            if index < 16 { return Int32(index % 8) }
            return Int32(XtermPalette.nearestANSI(XtermPalette.rgb(of: index), colors: 8))
        }
    }
}
