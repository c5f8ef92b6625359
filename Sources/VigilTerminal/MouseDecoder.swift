import CNcursesw
import VigilUI

/// Maps a `getmouse` button state to what the console cares about.
public enum MouseDecoder {
    /// The events requested from ncurses: left press/release and the wheel. Motion
    /// reporting (REPORT_MOUSE_POSITION) would flood the loop with events nobody uses.
    public static var mask: mmask_t {
        vigil_button1_pressed() | vigil_button1_released() | vigil_button4_pressed() | vigil_button5_pressed()
    }

    /// nil for releases and anything else the console ignores.
    public static func action(buttonState: mmask_t) -> MouseAction? {
        if buttonState & vigil_button4_pressed() != 0 { return .scrollUp }
        if buttonState & vigil_button5_pressed() != 0 { return .scrollDown }
        if buttonState & vigil_button1_pressed() != 0 { return .press }
        return nil
    }
}
