/// A colour as a theme names it. `terminalDefault` keeps the terminal's own colour (transparent background).
public enum ThemeColor: Sendable, Hashable {
    case terminalDefault
    /// xterm 256-colour palette index (0-15 are the terminal's ANSI colours).
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)
}

/// How one role looks.
public struct RoleStyle: Sendable, Hashable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    public var attributes: TextAttributes

    public init(foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
                attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// A named mapping from style roles to colours and attributes (themes/*.yaml).
public struct Theme: Sendable, Equatable {
    public var name: String
    public var roles: [StyleRole: RoleStyle]
    /// One line describing the theme (themes/*.yaml `description`).
    public var description: String

    public init(name: String, roles: [StyleRole: RoleStyle], description: String = "") {
        self.name = name
        self.roles = roles
        self.description = description
    }

    /// The concrete look of a cell style: the role's colours, the background role's background if set,
    /// and the union of attributes.
    public func resolve(_ style: Style) -> RoleStyle {
        var look = roles[style.role] ?? roles[.base] ?? RoleStyle()
        if let bgRole = style.backgroundRole, let bg = roles[bgRole] {
            look.background = bg.background
            look.attributes.formUnion(bg.attributes.intersection([.reverse]))
        }
        look.attributes.formUnion(style.attributes)
        return look
    }
}
