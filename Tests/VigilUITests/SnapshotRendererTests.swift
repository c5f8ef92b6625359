import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import VigilUI

/// A small screen with every feature the renderers must handle.
private func sampleBuffer() -> CellBuffer {
    var b = CellBuffer(width: 24, height: 4)
    b.fill(Rect(x: 0, y: 0, width: 24, height: 1), style: Style(.header))
    b.put(" VIGIL <prod> & co", x: 0, y: 0, style: Style(.header))
    b.put("✓ ok", x: 1, y: 1, style: Style(.ok))
    b.put("日本 e\u{301} 🇫🇷", x: 8, y: 1)
    b.put("✗ failed", x: 1, y: 2, style: Style(.error, [.underline]))
    b.restyle(Rect(x: 0, y: 2, width: 24, height: 1)) { $0.backgroundRole = .selection }
    b.put("\"quoted\" 'x'", x: 0, y: 3, style: Style(.dim, [.italic]))
    return b
}

@Suite struct TextSnapshotTests {
    @Test func rendersRowsTrimmedWithContinuationCellsSkipped() {
        let expected = """
             VIGIL <prod> & co
             ✓ ok   日本 e\u{301} 🇫🇷
             ✗ failed
            "quoted" 'x'

            """
        #expect(TextSnapshot.render(sampleBuffer()) == expected)
    }

    @Test func emptyRowsAreEmptyLines() {
        #expect(TextSnapshot.render(CellBuffer(width: 3, height: 2)) == "\n\n")
        #expect(TextSnapshot.render(CellBuffer(width: 0, height: 0)) == "")
    }
}

@Suite struct SVGSnapshotTests {
    /// Collects elements so the tests can check structure, not just substrings.
    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var texts: [String] = []
        private var inText = false
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements.append((name, attributes))
            if name == "text" { inText = true; texts.append("") }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text" { inText = false }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { texts[texts.count - 1] += string }
        }
    }

    private func parse(_ svg: String) throws -> Collector {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "SVG is not well-formed XML: \(String(describing: parser.parserError))")
        return collector
    }

    @Test func isWellFormedXMLWithTheExpectedStructure() throws {
        let svg = SVGSnapshot.render(sampleBuffer(), theme: ThemeLoader.builtinDefault, title: "Vigil <demo> & \u{1B}[2J")
        let doc = try parse(svg)
        let root = try #require(doc.elements.first)
        #expect(root.name == "svg")
        #expect(root.attributes["width"] == "201.6")   // 24 cells x 8.4 px
        #expect(root.attributes["height"] == "68")     // 4 rows x 17 px
        #expect(root.attributes["font-family"] == "DejaVu Sans Mono, monospace")
        #expect(doc.elements.contains { $0.name == "title" })
        // Canvas: the default theme has no base background, and light text, so a dark terminal.
        #expect(doc.elements[2].name == "rect" && doc.elements[2].attributes["fill"] == "#1c1c1c")
        // The header bar is one rect in colour 236.
        #expect(doc.elements.contains { $0.name == "rect" && $0.attributes["y"] == "0" && $0.attributes["width"] == "201.6"
            && $0.attributes["fill"] == "#303030" })
        // Text survives escaping and reassembles per row.
        let allText = doc.texts.joined()
        for piece in ["VIGIL", "<prod>", "&", "co", "✓", "ok", "日", "本", "e\u{301}", "🇫🇷", "\"quoted\"", "'x'"] {
            #expect(allText.contains(piece), "missing \(piece)")
        }
        #expect(!svg.contains("\u{1B}"))
    }

    @Test func wideAndComplexGraphemesSitAtTheirOwnCells() throws {
        var b = CellBuffer(width: 10, height: 1)
        b.put("ab日c", x: 0, y: 0)
        let doc = try parse(SVGSnapshot.render(b, theme: ThemeLoader.builtinDefault))
        let texts = doc.elements.filter { $0.name == "text" }
        #expect(texts.map { $0.attributes["x"] } == ["0 8.4", "16.8", "33.6"])
        #expect(doc.texts == ["ab", "日", "c"])
        #expect(texts.allSatisfy { $0.attributes["y"] == "13" })
    }

    @Test func stylesBecomeAttributes() throws {
        let doc = try parse(SVGSnapshot.render(sampleBuffer(), theme: ThemeLoader.builtinDefault))
        func textElement(_ content: String) -> [String: String]? {
            let elements = doc.elements.filter { $0.name == "text" }
            return zip(elements, doc.texts).first { $0.1 == content }?.0.attributes
        }
        let ok = try #require(textElement("ok"))
        #expect(ok["fill"] == "#5faf5f")                        // 71
        let failed = try #require(textElement("✗ failed"))        // underlined, so the space stays in the run
        #expect(failed["text-decoration"] == "underline")
        #expect(failed["font-weight"] == "bold")
        #expect(failed["fill"] == "#ff5f5f")                    // 203
        // The selection row's background is a rect in colour 24 across the row.
        #expect(doc.elements.contains { $0.name == "rect" && $0.attributes["y"] == "34" && $0.attributes["fill"] == "#005f87" })
        #expect(textElement("\"quoted\"")?["font-style"] == "italic")
    }

    @Test func reverseSwapsColoursAndMonochromeStillShowsSelection() throws {
        var b = CellBuffer(width: 4, height: 1)
        b.put("sel", x: 0, y: 0, style: Style(.selection))
        let doc = try parse(SVGSnapshot.render(b, theme: ThemeLoader.builtinDefault.monochrome()))
        // Reverse video: the terminal's default foreground becomes the background, and vice versa.
        #expect(doc.elements.contains { $0.name == "rect" && $0.attributes["width"] == "25.2" && $0.attributes["fill"] == "#d0d0d0" })
        #expect(doc.elements.last { $0.name == "text" }?.attributes["fill"] == "#1c1c1c")
    }

    @Test func lightThemesGetALightCanvas() throws {
        let light = Theme(name: "light", roles: [.base: RoleStyle(foreground: .indexed(235))])
        #expect(SVGPalette(theme: light).canvasBackground == SVGColor(255, 255, 255))
        let explicit = Theme(name: "x", roles: [.base: RoleStyle(foreground: .indexed(15), background: .rgb(1, 2, 3))])
        #expect(SVGPalette(theme: explicit).canvasBackground == SVGColor(1, 2, 3))
        #expect(SVGPalette(theme: Theme(name: "none", roles: [:])).canvasBackground == SVGColor(0x1C, 0x1C, 0x1C))
    }

    @Test func outputIsDeterministic() {
        let theme = ThemeLoader.builtinDefault
        let first = SVGSnapshot.render(sampleBuffer(), theme: theme, title: "t")
        for _ in 0..<5 { #expect(SVGSnapshot.render(sampleBuffer(), theme: theme, title: "t") == first) }
        // A different theme changes the colours but not the layout.
        let other = SVGSnapshot.render(sampleBuffer(), theme: theme.monochrome(), title: "t")
        #expect(other != first)
        #expect(other.components(separatedBy: "<text").count == first.components(separatedBy: "<text").count)
    }

    @Test func escapingNeutralisesMarkupAndForbiddenCharacters() {
        #expect(SVGText.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;")
        #expect(SVGText.escape("a\u{0}b\u{1B}c\u{FFFE}") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
        #expect(SVGText.escape("日本 🇫🇷") == "日本 🇫🇷")
    }
}
