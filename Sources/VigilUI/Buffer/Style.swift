/// What a piece of text *means*; a theme decides how each role looks.
/// The buffer stores roles, not colours, so snapshots stay theme-independent and
/// status is always carried by a glyph as well as by colour.
public enum StyleRole: String, CaseIterable, Sendable, Hashable {
    case base            // ordinary text on the screen background
    case dim             // secondary text: ages, units, separators
    case title           // pane titles, section headings
    case header          // the header bar
    case demoBadge       // the DEMO marker in the header
    case tabActive
    case tabInactive
    case border
    case columnHeader
    case selection       // the selected row
    case footer
    case footerKey       // a key in the hint line
    case prompt          // filter and command prompts
    case overlay         // help and modal boxes
    case ok
    case warn
    case error
    case running
    case late
    case paused
    case unknown
    case tier1
    case tier2
    case tier3
    case sev1
    case sev2
    case sev3
    case sev4
}

/// Attributes a role may carry on top of its colours.
public struct TextAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let reverse = TextAttributes(rawValue: 1 << 2)
    public static let underline = TextAttributes(rawValue: 1 << 3)
    public static let italic = TextAttributes(rawValue: 1 << 4)
}

/// The style of one cell: a role, plus extra attributes (e.g. bold on a selected row).
public struct Style: Sendable, Hashable {
    public var role: StyleRole
    public var attributes: TextAttributes
    /// When set, the cell is drawn with this role's background (e.g. the selection bar under a status glyph).
    public var backgroundRole: StyleRole?

    public init(_ role: StyleRole = .base, _ attributes: TextAttributes = [], background: StyleRole? = nil) {
        self.role = role
        self.attributes = attributes
        self.backgroundRole = background
    }

    public static let base = Style(.base)
}
