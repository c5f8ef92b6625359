/// An sRGB colour as SVG writes it.
struct SVGColor: Equatable {
    var r: UInt8, g: UInt8, b: UInt8

    init(_ r: UInt8, _ g: UInt8, _ b: UInt8) { self.r = r; self.g = g; self.b = b }
    init(_ rgb: (UInt8, UInt8, UInt8)) { self.init(rgb.0, rgb.1, rgb.2) }

    var hex: String {
        let digits = Array("0123456789abcdef")
        return "#" + String([r, g, b].flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] })
    }

    /// Relative brightness 0...1 (Rec. 709 weights), enough to tell light from dark.
    var brightness: Double { (0.2126 * Double(r) + 0.7152 * Double(g) + 0.0722 * Double(b)) / 255 }

    /// `self` moved `amount` (0...1) of the way towards `other`.
    func mixed(with other: SVGColor, _ amount: Double) -> SVGColor {
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * amount).rounded()) }
        return SVGColor(mix(r, other.r), mix(g, other.g), mix(b, other.b))
    }
}

/// The concrete look of a cell in the SVG.
struct SVGLook: Equatable {
    var foreground: SVGColor
    var background: SVGColor
    var bold = false
    var italic = false
    var underline = false
}

/// Resolves styles to concrete colours, standing in for the terminal's own default colours.
struct SVGPalette {
    let theme: Theme
    let canvasBackground: SVGColor
    /// What "terminal default" foreground means in the picture.
    let defaultForeground: SVGColor

    static let darkBackground = SVGColor(0x1C, 0x1C, 0x1C)
    static let lightForeground = SVGColor(0xD0, 0xD0, 0xD0)
    static let white = SVGColor(0xFF, 0xFF, 0xFF)

    /// The base role's background when set; otherwise a dark terminal, unless the base text is dark
    /// (a light theme), in which case a white one.
    init(theme: Theme) {
        self.theme = theme
        let base = theme.roles[.base] ?? RoleStyle()
        let baseFG = XtermPalette.rgb(of: base.foreground).map(SVGColor.init)
        if let bg = XtermPalette.rgb(of: base.background).map(SVGColor.init) {
            canvasBackground = bg
        } else if let baseFG, baseFG.brightness < 0.5 {
            canvasBackground = Self.white
        } else {
            canvasBackground = Self.darkBackground
        }
        defaultForeground = canvasBackground.brightness < 0.5 ? Self.lightForeground : Self.darkBackground
    }

    func look(of style: Style) -> SVGLook {
        let role = theme.resolve(style)
        var fg = XtermPalette.rgb(of: role.foreground).map(SVGColor.init) ?? defaultForeground
        var bg = XtermPalette.rgb(of: role.background).map(SVGColor.init) ?? canvasBackground
        if role.attributes.contains(.reverse) { swap(&fg, &bg) }
        // Terminals draw dim text at reduced intensity; blending towards the background is the same idea.
        if role.attributes.contains(.dim) { fg = fg.mixed(with: bg, 0.4) }
        return SVGLook(foreground: fg, background: bg, bold: role.attributes.contains(.bold),
                       italic: role.attributes.contains(.italic), underline: role.attributes.contains(.underline))
    }
}
