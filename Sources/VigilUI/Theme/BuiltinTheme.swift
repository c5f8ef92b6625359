/// The default theme compiled in, so the console works without the themes folder.
/// It must stay identical to themes/default.yaml (ThemeTests checks this).
extension ThemeLoader {
    public static let builtinDefault = Theme(name: "default", roles: [
        .base: look(fg: 252),
        .dim: look(fg: 244),
        .title: look(fg: 111, attrs: [.bold]),
        .header: look(fg: 253, bg: 236),
        .demoBadge: look(fg: 16, bg: 214, attrs: [.bold]),
        .tabActive: look(fg: 231, bg: 31, attrs: [.bold]),
        .tabInactive: look(fg: 248, bg: 236),
        .border: look(fg: 240),
        .columnHeader: look(fg: 250, attrs: [.bold]),
        .selection: look(fg: 231, bg: 24),
        .footer: look(fg: 248, bg: 235),
        .footerKey: look(fg: 229, bg: 235, attrs: [.bold]),
        .prompt: look(fg: 229, attrs: [.bold]),
        .overlay: look(fg: 252, bg: 235),
        .ok: look(fg: 71),
        .warn: look(fg: 214),
        .error: look(fg: 203, attrs: [.bold]),
        .running: look(fg: 80),
        .late: look(fg: 176),
        .paused: look(fg: 244),
        .unknown: look(fg: 246),
        .tier1: look(fg: 230, attrs: [.bold]),
        .tier2: look(fg: 252),
        .tier3: look(fg: 245),
        .sev1: look(fg: 231, bg: 160, attrs: [.bold]),
        .sev2: look(fg: 203, attrs: [.bold]),
        .sev3: look(fg: 214),
        .sev4: look(fg: 110),
    ], description: "Dark, 256 colours; calm header, green ok, amber warn, red error.")

    private static func look(fg: UInt8, bg: UInt8? = nil, attrs: TextAttributes = []) -> RoleStyle {
        RoleStyle(foreground: .indexed(fg), background: bg.map(ThemeColor.indexed) ?? .terminalDefault, attributes: attrs)
    }
}
