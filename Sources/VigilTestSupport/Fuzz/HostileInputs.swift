import Foundation

/// Byte strings that have broken parsers before: control bytes, terminal escapes, broken UTF-8, numbers no type
/// holds, nesting deep enough to exhaust a recursive descent, and the YAML alias bomb.
public enum HostileInputs {
    public static let fragments: [[UInt8]] = [
        [0x00],                                        // NUL
        [0x1B, 0x5B, 0x32, 0x4A],                      // ESC [2J: clears a terminal that echoes it
        [0x1B, 0x5D, 0x30, 0x3B, 0x70, 0x77, 0x6E, 0x07],  // OSC 0 ; pwn BEL: sets a terminal title
        [0x9B, 0x33, 0x31, 0x6D],                      // C1 CSI, which is not valid UTF-8 alone
        [0xFF, 0xFE],                                  // not UTF-8 at all (and a UTF-16 BOM)
        [0xC3],                                        // a UTF-8 sequence cut short
        [0xED, 0xA0, 0x80],                            // an encoded surrogate
        [0xF4, 0x90, 0x80, 0x80],                      // beyond U+10FFFF
        [0xEF, 0xBB, 0xBF],                            // a BOM in the middle
        Array("\u{202E}".utf8),                        // right-to-left override
        Array("e\u{301}\u{301}\u{301}".utf8),          // combining marks piled on one letter
        Array("\r\n\r".utf8),
        Array("\t".utf8),
        Array("-0".utf8),
        Array("1e999".utf8),
        Array("-9223372036854775809".utf8),            // Int.min - 1
        Array("18446744073709551616".utf8),            // UInt64.max + 1
        Array("NaN".utf8),
        Array("0x7FFFFFFFFFFFFFFF".utf8),
        Array("\\u0000".utf8),
        Array("\\e[2J".utf8),                         // ESC as a YAML double-quoted escape
        Array("\\u001b]0;pwn\\u0007".utf8),            // OSC as JSON escapes
        Array("\\ud800".utf8),                         // a lone surrogate escape in JSON
        Array("\"".utf8),
        Array(":".utf8),
        Array("- ".utf8),
        Array("*a".utf8),                              // a YAML alias to nothing
        Array("&a".utf8),
        Array("!!binary".utf8),
        Array("%YAML 9.9\n".utf8),
        Array("---\n".utf8),
        Array("```".utf8),
    ]

    /// Digits enough to overflow any integer and most doubles.
    public static func digitRun(_ count: Int) -> [UInt8] { [UInt8](repeating: 0x39, count: count) }

    /// `[[[[...` or `{"a":{"a":...`, unclosed: deep enough to matter for any recursive parser.
    public static func nesting(_ depth: Int, object: Bool) -> [UInt8] {
        object ? Array(String(repeating: "{\"a\":", count: depth).utf8) : [UInt8](repeating: 0x5B, count: depth)
    }

    /// The "billion laughs": nine levels of aliases, each repeating the one before ten times, so a parser that
    /// expands aliases into copies builds 10^9 strings. It is 1 KB of text.
    public static let yamlAliasBomb = """
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]

    """
}
