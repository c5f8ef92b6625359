import CNcursesw
import Testing
import VigilUI
@testable import VigilTerminal

@Suite struct MouseDecoderTests {
    @Test func pressAndWheel() {
        #expect(MouseDecoder.action(buttonState: vigil_button1_pressed()) == .press)
        #expect(MouseDecoder.action(buttonState: vigil_button4_pressed()) == .scrollUp)
        #expect(MouseDecoder.action(buttonState: vigil_button5_pressed()) == .scrollDown)
    }

    @Test func releasesAreIgnored() {
        #expect(MouseDecoder.action(buttonState: vigil_button1_released()) == nil)
        #expect(MouseDecoder.action(buttonState: 0) == nil)
    }

    @Test func maskAsksForPressReleaseAndWheelButNotMotion() {
        let mask = MouseDecoder.mask
        #expect(mask & vigil_button1_pressed() != 0)
        #expect(mask & vigil_button1_released() != 0)
        #expect(mask & vigil_button4_pressed() != 0)
        #expect(mask & vigil_button5_pressed() != 0)
        // REPORT_MOUSE_POSITION is the highest bit ncurses uses for mouse version 2.
        #expect(mask & (1 << 28) == 0)
    }
}
