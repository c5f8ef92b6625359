import Foundation
import Testing
@testable import VigilUI

/// The repo's themes/ folder, found from this file so tests do not depend on the working directory.
private let themesDir = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("themes").path

private func shippedThemeNames() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: themesDir)
        .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
}

/// Expects `parse` to fail and returns the error's text.
private func parseError(_ yaml: String) -> String {
    do {
        _ = try ThemeLoader.parse(yaml: yaml, name: "foo", source: "themes/foo.yaml")
        Issue.record("expected an error for:\n\(yaml)")
        return ""
    } catch {
        return "\(error)"
    }
}

private func allColors(_ theme: Theme) -> [ThemeColor] { theme.roles.values.flatMap { [$0.foreground, $0.background] } }

@Suite struct ThemeFileTests {
    @Test func shippedThemesAreTheFourDocumentedOnes() throws {
        #expect(try shippedThemeNames() == ["colorblind", "default", "high-contrast", "light"])
        #expect(ThemeLoader.availableThemes(searchPaths: [themesDir]) == ["colorblind", "default", "high-contrast", "light"])
    }

    @Test func builtinDefaultEqualsDefaultYAML() throws {
        let fromFile = try ThemeLoader.load(named: "default", searchPaths: [themesDir])
        #expect(fromFile == ThemeLoader.builtinDefault)
        // And the file is complete by itself, so the equality is not just the fallback showing through.
        let yaml = try String(contentsOfFile: themesDir + "/default.yaml", encoding: .utf8)
        let parsed = try ThemeParser(source: "default.yaml", yaml: yaml).parse()
        let alone = ThemeLoader.apply(parsed, to: Theme(name: "", roles: [:]), name: "default")
        #expect(Set(alone.roles.keys) == Set(StyleRole.allCases))
        #expect(alone == ThemeLoader.builtinDefault)
    }

    @Test(arguments: ["default", "light", "high-contrast", "colorblind"])
    func everyThemeLoadsWithAllRoles(name: String) throws {
        let theme = try ThemeLoader.load(named: name, searchPaths: [themesDir])
        #expect(theme.name == name)
        #expect(!theme.description.isEmpty)
        #expect(Set(theme.roles.keys) == Set(StyleRole.allCases))
        // Status roles must look different from each other, or colour would say nothing.
        let statuses: [StyleRole] = [.ok, .warn, .error, .running, .late]
        #expect(Set(statuses.map { theme.roles[$0] }).count == statuses.count)
        // Selection must stand out from ordinary text.
        #expect(theme.roles[.selection] != theme.roles[.base])
    }

    @Test func colorblindThemeOverridesDefaultAndKeepsTheRest() throws {
        let theme = try ThemeLoader.load(named: "colorblind", searchPaths: [themesDir])
        #expect(theme.roles[.ok]?.foreground == .rgb(0x56, 0xB4, 0xE9))
        #expect(theme.roles[.error]?.attributes == [.bold])
        #expect(theme.roles[.header] == ThemeLoader.builtinDefault.roles[.header])
    }

    /// Machado et al. (2009) deuteranopia simulation: ok and error must stay far apart.
    @Test func colorblindOkAndErrorStayDistinctForDeuteranopia() throws {
        func simulate(_ c: ThemeColor?) -> [Double] {
            let (r, g, b) = XtermPalette.rgb(of: c ?? .terminalDefault) ?? (0, 0, 0)
            func lin(_ v: UInt8) -> Double { let x = Double(v) / 255; return x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4) }
            func enc(_ v: Double) -> Double { let x = min(1, max(0, v)); return 255 * (x <= 0.0031308 ? 12.92 * x : 1.055 * pow(x, 1 / 2.4) - 0.055) }
            let l = [lin(r), lin(g), lin(b)]
            let m = [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
            return m.map { row in enc(zip(row, l).map(*).reduce(0, +)) }
        }
        func distance(_ theme: Theme, _ a: StyleRole, _ b: StyleRole) -> Double {
            let (x, y) = (simulate(theme.roles[a]?.foreground), simulate(theme.roles[b]?.foreground))
            return zip(x, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
        }
        let colorblind = try ThemeLoader.load(named: "colorblind", searchPaths: [themesDir])
        #expect(distance(colorblind, .ok, .error) > 150)
        #expect(distance(colorblind, .ok, .warn) > 100)
        #expect(distance(colorblind, .ok, .error) > 3 * distance(ThemeLoader.builtinDefault, .ok, .error))
    }
}

@Suite struct ThemeParseTests {
    @Test func unknownRoleNamesFileLineAndKnownRoles() {
        let yaml = """
            name: foo
            description: test
            roles:
              base: {fg: 252}
              ok: {fg: green}

              titel: {fg: 111}
            """
        let message = parseError(yaml)
        #expect(message.hasPrefix("themes/foo.yaml: unknown role 'titel' (line 7); known roles: base, dim, title,"))
        #expect(message.contains("sev4"))
    }

    @Test(arguments: [
        ("colour: 5\n", "unknown key 'colour' (line 1); known keys: name, description, inherits, roles"),
        ("roles:\n  ok: {fg: purple}\n", "invalid colour 'purple' for 'fg' of role 'ok' (line 2)"),
        ("roles:\n  ok: {fg: 256}\n", "invalid colour '256' for 'fg' of role 'ok' (line 2)"),
        ("roles:\n  ok: {fg: '#12345'}\n", "invalid colour '#12345'"),
        ("roles:\n  ok: {fg: '#12345g'}\n", "invalid colour '#12345g'"),
        ("roles:\n  ok:\n    fg: #ff0000\n", "'fg' of role 'ok' is empty (line 3); quote hex colours"),
        ("roles:\n  ok: {fg: 2, attrs: [bold, blink]}\n", "unknown attribute 'blink' in role 'ok' (line 2); known attributes: bold, dim, reverse, underline, italic"),
        ("roles:\n  ok: {fg: 2, attrs: bold}\n", "'attrs' of role 'ok' must be a list"),
        ("roles:\n  ok: {colour: 2}\n", "unknown key 'colour' in role 'ok' (line 2); known keys: fg, bg, attrs"),
        ("roles:\n  ok: green\n", "role 'ok' must be a mapping"),
        ("roles: [ok]\n", "'roles' must map role names"),
        ("roles:\n  ok: {fg: [1, 2]}\n", "'fg' of role 'ok' must be a single colour"),
        ("- just\n- a list\n", "expected a mapping"),
        ("", "the file is empty"),
        ("name: x\nroles:\n  ok: {fg: 2\n", "invalid YAML"),
        ("inherits: nope\n", "cannot resolve inherits 'nope' here (line 1)"),
    ])
    func errorsExplainTheProblem(yaml: String, expected: String) {
        let message = parseError(yaml)
        #expect(message.hasPrefix("themes/foo.yaml: "))
        #expect(message.contains(expected), "got: \(message)")
    }

    @Test func yamlSyntaxErrorCarriesALine() {
        #expect(parseError("name: x\nroles:\n  ok: {fg: 2\n  warn: 3\n").contains("(line "))
    }

    @Test(arguments: [
        ("default", ThemeColor.terminalDefault), ("black", .indexed(0)), ("white", .indexed(7)),
        ("bright-black", .indexed(8)), ("bright-white", .indexed(15)), ("Red", .indexed(1)),
        ("0", .indexed(0)), ("255", .indexed(255)), ("#FF8800", .rgb(255, 136, 0)), ("#0a0b0c", .rgb(10, 11, 12)),
    ])
    func colorSyntax(text: String, expected: ThemeColor) {
        #expect(ThemeColorSyntax.parseColor(text) == expected)
    }

    @Test(arguments: ["", "bright-", "bright-pink", "-1", "256", "#fff", "#1234567", "０"])
    func invalidColors(text: String) {
        #expect(ThemeColorSyntax.parseColor(text) == nil)
    }

    @Test func roleEntryOverridesOnlyTheFieldsItGives() throws {
        let theme = try ThemeLoader.parse(yaml: """
            name: mine
            inherits: default
            roles:
              error: {fg: "#ff0000"}
              header: {attrs: [underline]}
              sev1: {bg: default, attrs: []}
            """, name: "mine")
        let base = ThemeLoader.builtinDefault
        #expect(theme.name == "mine")
        #expect(theme.roles[.error] == RoleStyle(foreground: .rgb(255, 0, 0), attributes: [.bold]))
        #expect(theme.roles[.header] == RoleStyle(foreground: base.roles[.header]!.foreground,
                                                  background: base.roles[.header]!.background, attributes: [.underline]))
        #expect(theme.roles[.sev1] == RoleStyle(foreground: base.roles[.sev1]!.foreground))
        #expect(theme.roles[.ok] == base.roles[.ok])
        #expect(theme.description == base.description)
    }
}

@Suite struct ThemeLoadingTests {
    private func tempDir(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-theme-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: "\(dir)/\(name)", atomically: true, encoding: .utf8) }
        return dir
    }

    @Test func defaultFallsBackToBuiltinWithoutFiles() throws {
        #expect(try ThemeLoader.load(named: "default", searchPaths: ["/nonexistent/vigil"]) == ThemeLoader.builtinDefault)
        #expect(ThemeLoader.availableThemes(searchPaths: ["/nonexistent/vigil"]) == ["default"])
    }

    @Test func unknownThemeListsWhatIsAvailable() throws {
        do {
            _ = try ThemeLoader.load(named: "solarised", searchPaths: [themesDir])
            Issue.record("expected not found")
        } catch let error as ThemeError {
            #expect(error.description.contains("theme 'solarised': not found"))
            #expect(error.description.contains("available: colorblind, default, high-contrast, light"))
        }
    }

    @Test func firstSearchPathWinsAndInheritanceResolvesFromDisk() throws {
        let user = try tempDir([
            "light.yaml": "name: light\ndescription: mine\nroles:\n  ok: {fg: 1}\n",
            "child.yaml": "name: child\ninherits: light\nroles:\n  warn: {fg: 2}\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: user) }
        let light = try ThemeLoader.load(named: "light", searchPaths: [user, themesDir])
        #expect(light.description == "mine")
        #expect(light.roles[.ok]?.foreground == .indexed(1))
        let child = try ThemeLoader.load(named: "child", searchPaths: [user, themesDir])
        #expect(child.name == "child")
        #expect(child.roles[.ok]?.foreground == .indexed(1))
        #expect(child.roles[.warn]?.foreground == .indexed(2))
        #expect(ThemeLoader.availableThemes(searchPaths: [user, themesDir]).contains("child"))
        // A path works too.
        #expect(try ThemeLoader.load(named: "\(user)/child.yaml", searchPaths: [user]) == child)
    }

    @Test func inheritanceCyclesAndMissingParentsAreReported() throws {
        let dir = try tempDir([
            "a.yaml": "name: a\ninherits: b\n",
            "b.yaml": "name: b\ninherits: a\n",
            "orphan.yaml": "name: orphan\ndescription: x\ninherits: ghost\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect { try ThemeLoader.load(named: "a", searchPaths: [dir]) } throws: { error in
            "\(error)".contains("inheritance cycle: a -> b -> a")
        }
        #expect { try ThemeLoader.load(named: "orphan", searchPaths: [dir]) } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("\(dir)/orphan.yaml: inherits 'ghost', which is not found") && text.contains("(line 3)")
        }
    }

    @Test func searchPathsComeFromConfigCwdAndExecutable() throws {
        let root = try tempDir([:])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: "\(root)/repo/themes", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: "\(root)/repo/.build/x86_64-unknown-linux-gnu/debug", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: "\(root)/prefix/bin", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: "\(root)/prefix/share/vigil/themes", withIntermediateDirectories: true)
        let env = ["XDG_CONFIG_HOME": "/xdg", "HOME": "/home/op"]
        let built = ThemeLoader.defaultSearchPaths(environment: env,
                                                   executablePath: "\(root)/repo/.build/x86_64-unknown-linux-gnu/debug/vigil")
        #expect(Array(built.prefix(3)) == ["/xdg/vigil/themes", "/home/op/.config/vigil/themes",
                                            fm.currentDirectoryPath + "/themes"])
        #expect(built.last.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
                == URL(fileURLWithPath: "\(root)/repo/themes").resolvingSymlinksInPath().path)
        let installed = ThemeLoader.defaultSearchPaths(environment: [:], executablePath: "\(root)/prefix/bin/vigil")
        #expect(installed.count == 2)
        #expect(installed.last?.hasSuffix("/prefix/share/vigil/themes") == true)
        // Nothing is invented when the executable has no themes nearby.
        #expect(ThemeLoader.defaultSearchPaths(environment: [:], executablePath: nil) == [fm.currentDirectoryPath + "/themes"])
    }
}

@Suite struct ThemeDegradationTests {
    @Test(arguments: [("default", 8), ("default", 16), ("light", 8), ("light", 16), ("colorblind", 8),
                      ("colorblind", 16), ("high-contrast", 8)])
    func degradedThemesUseOnlyTheAvailableColors(name: String, colors: Int) throws {
        let theme = try ThemeLoader.load(named: name, searchPaths: [themesDir]).degraded(toColors: colors)
        for color in allColors(theme) {
            switch color {
            case .terminalDefault: break
            case .indexed(let i): #expect(Int(i) < colors)
            case .rgb: Issue.record("rgb left in a \(colors)-colour theme")
            }
        }
        // Text never ends up the same colour as its background.
        for look in theme.roles.values where look.foreground != .terminalDefault {
            #expect(look.foreground != look.background)
        }
    }

    @Test(arguments: [8, 16])
    func barsStayVisibleWhenTheirGreyBecomesBlack(colors: Int) throws {
        for name in ["default", "light", "colorblind", "high-contrast"] {
            let theme = try ThemeLoader.load(named: name, searchPaths: [themesDir]).degraded(toColors: colors)
            for role in [StyleRole.selection, .header] {
                let look = try #require(theme.roles[role])
                let visible = look.attributes.contains(.reverse)
                    || (look.background != .terminalDefault && look.background != .indexed(0))
                #expect(visible, "\(name) \(role) in \(colors) colours: \(look)")
            }
        }
        // 236 (dark grey) becomes black in 8 colours: the header is reversed; a cyan bar is not.
        let eight = ThemeLoader.builtinDefault.degraded(toColors: 8)
        #expect(eight.roles[.header] == RoleStyle(foreground: .indexed(7), background: .indexed(0), attributes: [.reverse]))
        #expect(eight.roles[.selection] == RoleStyle(foreground: .indexed(7), background: .indexed(6)))
    }

    @Test func rgbMapsToNearestXterm256Index() throws {
        var theme = Theme(name: "t", roles: [
            .ok: RoleStyle(foreground: .rgb(255, 0, 0), background: .rgb(0, 0, 0)),
            .warn: RoleStyle(foreground: .rgb(128, 128, 128), background: .indexed(3)),
            .error: RoleStyle(foreground: .rgb(0x56, 0xB4, 0xE9)),
        ])
        theme = theme.degraded(toColors: 256)
        #expect(theme.roles[.ok] == RoleStyle(foreground: .indexed(196), background: .indexed(16)))
        #expect(theme.roles[.warn] == RoleStyle(foreground: .indexed(244), background: .indexed(3)))
        #expect(theme.roles[.error]?.foreground == .indexed(74)) // (95,175,215)
        #expect(theme.degraded(toColors: 256) == theme)
    }

    @Test func lowColorMappingPicksTheMatchingAnsiColor() {
        let theme = Theme(name: "t", roles: [
            .ok: RoleStyle(foreground: .indexed(71), background: .indexed(236)),  // green on dark grey
            .error: RoleStyle(foreground: .indexed(196), background: .indexed(9)),
            .warn: RoleStyle(foreground: .indexed(231), background: .indexed(230)), // white on cream
        ])
        let sixteen = theme.degraded(toColors: 16)
        // Dark grey became black, the likely screen colour, so the bar is kept visible with reverse.
        #expect(sixteen.roles[.ok] == RoleStyle(foreground: .indexed(2), background: .indexed(0), attributes: [.reverse]))
        #expect(sixteen.roles[.error]?.background == .indexed(9))
        // 196 and 9 are both bright red: the foreground becomes white, which stands out more on red than black.
        #expect(sixteen.roles[.error]?.foreground == .indexed(15))
        let eight = theme.degraded(toColors: 8)
        #expect(eight.roles[.error]?.background == .indexed(1))   // bright red -> red
        #expect(eight.roles[.warn] == RoleStyle(foreground: .indexed(0), background: .indexed(7)))
    }

    @Test func monochromeKeepsSelectionHeaderAndStatusDistinguishable() throws {
        for name in ["default", "light", "colorblind", "high-contrast"] {
            let theme = try ThemeLoader.load(named: name, searchPaths: [themesDir])
            for mono in [theme.monochrome(), theme.degraded(toColors: 2)] {
                #expect(allColors(mono).allSatisfy { $0 == .terminalDefault })
                #expect(mono.roles[.selection]?.attributes.contains(.reverse) == true, "\(name) selection")
                #expect(mono.roles[.header] != mono.roles[.base], "\(name) header")
                #expect(mono.roles[.error]?.attributes.contains(.bold) == true, "\(name) error")
            }
        }
    }

    @Test func xtermPalette() {
        #expect(Theme.xterm256ToRGB(0) == (0, 0, 0))
        #expect(Theme.xterm256ToRGB(9) == (255, 0, 0))
        #expect(Theme.xterm256ToRGB(16) == (0, 0, 0))
        #expect(Theme.xterm256ToRGB(74) == (95, 175, 215))
        #expect(Theme.xterm256ToRGB(196) == (255, 0, 0))
        #expect(Theme.xterm256ToRGB(231) == (255, 255, 255))
        #expect(Theme.xterm256ToRGB(232) == (8, 8, 8))
        #expect(Theme.xterm256ToRGB(255) == (238, 238, 238))
        for i in 16...255 { #expect(XtermPalette.nearest256(Theme.xterm256ToRGB(UInt8(i))) == UInt8(i)) }
    }

    @Test func ansiMappingKeepsHue() {
        // Muted status colours from the default theme land on the ANSI colour of the same meaning.
        let cases: [(UInt8, UInt8, UInt8)] = [(71, 2, 2), (214, 3, 3), (203, 9, 1), (80, 6, 6), (176, 5, 5), (111, 12, 4),
                                              (244, 8, 7), (236, 0, 0), (230, 15, 7), (24, 6, 6)]
        for (index, sixteen, eight) in cases {
            let rgb = Theme.xterm256ToRGB(index)
            #expect(XtermPalette.nearestANSI(rgb, colors: 16) == sixteen, "\(index) in 16 colours")
            #expect(XtermPalette.nearestANSI(rgb, colors: 8) == eight, "\(index) in 8 colours")
        }
    }
}
