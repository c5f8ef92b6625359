/// Fitting a theme to what the terminal can show.
extension Theme {
    /// 256 or more: indexed colours stay, RGB maps to the nearest xterm-256 index (ncurses speaks indexes).
    /// 16 (or 8): everything maps to the 16 (or 8) ANSI colours, keeping hue. Fewer than 8: `monochrome()`.
    /// When a role's foreground and background collapse onto one colour, the foreground becomes
    /// black or white, whichever stands out, so the text never vanishes; a bar whose background
    /// collapses onto the screen's is drawn in reverse video.
    public func degraded(toColors colors: Int) -> Theme {
        if colors < 8 { return monochrome() }
        let baseBackground = roles[.base]?.background ?? .terminalDefault
        let newBaseBackground = Self.degrade(baseBackground, colors: colors)
        var out = self
        for (role, look) in roles {
            var new = look
            new.foreground = Self.degrade(look.foreground, colors: colors)
            new.background = Self.degrade(look.background, colors: colors)
            if case .indexed(let f) = new.foreground, case .indexed(let b) = new.background, f == b,
               look.foreground != look.background {
                new.foreground = .indexed(Self.contrasting(b, colors: colors))
            }
            // A bar (selection, header) whose dark grey became the screen's own black would vanish:
            // reverse video keeps it visible, as in monochrome.
            let hadOwnBackground = look.background != .terminalDefault && look.background != baseBackground
            let blendsIn = new.background == newBaseBackground
                || (newBaseBackground == .terminalDefault && new.background == .indexed(0))
            if colors < 256, hadOwnBackground, blendsIn { new.attributes.insert(.reverse) }
            out.roles[role] = new
        }
        return out
    }

    /// For NO_COLOR and monochrome terminals: no colours at all. Attributes stay, and a role that was
    /// told apart by its background (header bar, selection, active tab) is drawn in reverse video.
    public func monochrome() -> Theme {
        let baseBackground = roles[.base]?.background ?? .terminalDefault
        var out = self
        for (role, look) in roles {
            var attributes = look.attributes
            if look.background != .terminalDefault, look.background != baseBackground { attributes.insert(.reverse) }
            out.roles[role] = RoleStyle(attributes: attributes)
        }
        return out
    }

    static func degrade(_ color: ThemeColor, colors: Int) -> ThemeColor {
        switch color {
        case .terminalDefault: return color
        case .indexed(let i) where colors >= 256 || Int(i) < min(colors, 16): return color
        case .indexed(let i) where colors < 16 && (8..<16).contains(i): return .indexed(i - 8) // bright -> normal
        case .indexed, .rgb:
            let rgb = XtermPalette.rgb(of: color)!
            if colors >= 256 { return .indexed(XtermPalette.nearest256(rgb)) }
            return .indexed(XtermPalette.nearestANSI(rgb, colors: colors))
        }
    }

    /// Black or white (in the palette at hand), whichever is farther from `background`.
    static func contrasting(_ background: UInt8, colors: Int) -> UInt8 {
        let (black, white): (UInt8, UInt8) = colors >= 256 ? (16, 231) : (colors >= 16 ? (0, 15) : (0, 7))
        let bg = xterm256ToRGB(background)
        return XtermPalette.distance(bg, xterm256ToRGB(black)) >= XtermPalette.distance(bg, xterm256ToRGB(white)) ? black : white
    }
}
