import CNcursesw
import VigilUI

/// Turns what `wget_wch` returned into a `Key`. Pure: no terminal state is read.
/// KEY_RESIZE and KEY_MOUSE are not keys; the terminal handles them before decoding.
public enum KeyDecoder {
    /// - Parameters:
    ///   - code: the wide character or, when `isFunctionKey`, the ncurses KEY_* code.
    ///   - isFunctionKey: `wget_wch` returned KEY_CODE_YES.
    /// - Returns: nil for codes the console has no use for.
    public static func decode(code: Int32, isFunctionKey: Bool) -> Key? {
        isFunctionKey ? decodeFunctionKey(code) : decodeCharacter(code)
    }

    private static func decodeFunctionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        // Some terminfo entries send Home/End as the keypad corners or find/select.
        case KEY_HOME, KEY_A1, KEY_FIND: return .home
        case KEY_END, KEY_C1, KEY_SELECT: return .end
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case (KEY_F0 + 1)...(KEY_F0 + 63): return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    private static func decodeCharacter(_ code: Int32) -> Key? {
        switch code {
        case 13, 10: return .enter       // nonl() gives \r; \n from Ctrl-J or pasted text
        case 27: return .escape
        case 9: return .tab
        case 127, 8: return .backspace   // DEL from most terminals, ^H from some
        case 1...26:
            // Ctrl+letter arrives as the letter's position in the alphabet.
            return .ctrl(Character(Unicode.Scalar(UInt8(code) + 0x60)))
        case 0..<32, 0x80..<0xA0: return nil   // other C0 / C1 controls
        default:
            guard code > 0, let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            return .char(Character(scalar))
        }
    }
}
