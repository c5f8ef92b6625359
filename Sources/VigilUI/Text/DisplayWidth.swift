/// Terminal column width of graphemes, in pure Swift so it does not depend on the C locale (wcwidth does).
///
/// Rules: controls, combining marks (Mn/Me) and format characters (Cf) take 0 columns; East Asian
/// Wide/Fullwidth characters and Emoji_Presentation emoji take 2; everything else takes 1.
/// A grapheme is as wide as its first non-zero-width scalar, except that VS16 (U+FE0F) after a
/// text-presentation emoji asks for the wide emoji glyph.
public enum DisplayWidth {
    public static func of(_ ch: Character) -> Int {
        let scalars = ch.unicodeScalars
        // Fast path: printable ASCII is most of what a console shows.
        if scalars.count == 1, let v = scalars.first?.value, v >= 0x20, v < 0x7F { return 1 }
        var lead: Unicode.Scalar?
        var leadWidth = 0
        for scalar in scalars {
            if let lead {
                // VS16 turns a text-presentation emoji (e.g. U+2764, a keycap digit) into a wide emoji.
                if scalar.value == 0xFE0F, leadWidth == 1, lead.properties.isEmoji { return 2 }
                continue
            }
            let w = width(of: scalar)
            if w > 0 {
                lead = scalar
                leadWidth = w
                if w == 2 { return 2 }
            }
        }
        return leadWidth
    }

    public static func of(_ s: String) -> Int { s.reduce(0) { $0 + of($1) } }

    /// Width of one scalar on its own.
    static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v >= 0x20 && v < 0x7F { return 1 }
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if contains(zeroWidth, v) { return 0 }
        if contains(wide, v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// Binary search in a sorted table of disjoint inclusive ranges.
    static func contains(_ table: [ClosedRange<UInt32>], _ v: UInt32) -> Bool {
        var lo = 0, hi = table.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = table[mid]
            if v < r.lowerBound { hi = mid - 1 } else if v > r.upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// Letters that terminals draw as part of the previous cell: Hangul medial vowels and final consonants.
    static let zeroWidth: [ClosedRange<UInt32>] = [
        0x1160...0x11FF, 0xD7B0...0xD7FF,
    ]

    /// East Asian Wide (W) and Fullwidth (F) ranges (Unicode 15.1 EastAsianWidth.txt), merged.
    /// Emoji are covered by `isEmojiPresentation`, so only non-emoji wide ranges are listed.
    static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F,   // Hangul Jamo initial consonants
        0x2329...0x232A,   // angle brackets
        0x2E80...0x2E99, 0x2E9B...0x2EF3, 0x2F00...0x2FD5, 0x2FF0...0x2FFF, // CJK radicals, ideographic description
        0x3000...0x303E,   // CJK symbols and punctuation, ideographic space
        0x3041...0x3096, 0x3099...0x30FF, // Hiragana, Katakana
        0x3105...0x312F, 0x3131...0x318E, 0x3190...0x31E3, 0x31EF...0x321E, 0x3220...0x3247,
        0x3250...0x4DBF,   // enclosed CJK, CJK compatibility, CJK extension A
        0x4E00...0xA48C, 0xA490...0xA4C6, // CJK unified ideographs, Yi
        0xA960...0xA97C,   // Hangul Jamo extended A
        0xAC00...0xD7A3,   // Hangul syllables
        0xF900...0xFAFF,   // CJK compatibility ideographs
        0xFE10...0xFE19, 0xFE30...0xFE52, 0xFE54...0xFE66, 0xFE68...0xFE6B, // vertical and small forms
        0xFF01...0xFF60, 0xFFE0...0xFFE6, // fullwidth forms
        0x16FE0...0x16FE4, 0x16FF0...0x16FF1, 0x17000...0x187F7, 0x18800...0x18CD5, 0x18D00...0x18D08, // Tangut, Khitan
        0x1AFF0...0x1AFF3, 0x1AFF5...0x1AFFB, 0x1AFFD...0x1AFFE, 0x1B000...0x1B122, 0x1B132...0x1B132,
        0x1B150...0x1B152, 0x1B155...0x1B155, 0x1B164...0x1B167, 0x1B170...0x1B2FB, // Kana supplements, Nushu
        0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248, 0x1F250...0x1F251, 0x1F260...0x1F265, // enclosed ideographs
        0x20000...0x2FFFD, 0x30000...0x3FFFD, // CJK extensions B and beyond
    ]
}
