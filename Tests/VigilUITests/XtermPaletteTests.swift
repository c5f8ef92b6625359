import Testing
@testable import VigilUI

/// The one palette and nearest-colour rule, which themes degrade with and the terminal backend reduces with.
@Suite struct XtermPaletteTests {
    @Test func paletteEntries() {
        #expect(XtermPalette.rgb(of: 16) == (0, 0, 0))
        #expect(XtermPalette.rgb(of: 25) == (0, 95, 175))
        #expect(XtermPalette.rgb(of: 231) == (255, 255, 255))
        #expect(XtermPalette.rgb(of: 232) == (8, 8, 8))
        #expect(XtermPalette.rgb(of: 255) == (238, 238, 238))
        #expect(XtermPalette.rgb(of: 1) == (205, 0, 0))
    }

    @Test func exactCubeColoursMapToThemselves() {
        for index in UInt8(16)...231 {
            #expect(XtermPalette.nearest256(XtermPalette.rgb(of: index)) == index)
        }
    }

    @Test func exactGreysMapToTheRamp() {
        for index in UInt8(232)...255 {
            #expect(XtermPalette.nearest256(XtermPalette.rgb(of: index)) == index)
        }
    }

    @Test func inBetweenColoursPickTheClosest() {
        #expect(XtermPalette.nearest256((250, 2, 3)) == 196)      // pure red in the cube
        #expect(XtermPalette.nearest256((128, 128, 128)) == 244)  // grey ramp beats cube (135)
        #expect(XtermPalette.nearest256((0, 200, 0)) == 40)       // green 215 level
        #expect(XtermPalette.nearest256((255, 175, 0)) == 214)
        #expect(XtermPalette.nearest256((0, 0, 0)) == 16)         // never the terminal-defined 0
        // Every index is a candidate: a near-grey between two ramp steps can land on a cube grey that is nearer.
        #expect(XtermPalette.nearest256((135, 135, 135)) == 102)  // the cube's own (135, 135, 135)
    }

    @Test func downToEightKeepsHueAndSendsGreysToBlackOrWhite() {
        func eight(_ index: UInt8) -> UInt8 { XtermPalette.nearestANSI(XtermPalette.rgb(of: index), colors: 8) }
        #expect(eight(196) == 1)   // red
        #expect(eight(40) == 2)    // green
        #expect(eight(21) == 4)    // blue
        #expect(eight(25) == 6)    // (0, 95, 175): hue 207°, nearer cyan's 180° than blue's 240°
        #expect(eight(214) == 3)   // orange -> yellow
        #expect(eight(244) == 7)   // mid grey is not yellow
        #expect(eight(236) == 0)
        #expect(eight(114) == 2)   // a pale green stays green (status colours keep their meaning)
    }

    @Test func downToSixteenUsesBrightVariants() {
        func sixteen(_ index: UInt8) -> UInt8 { XtermPalette.nearestANSI(XtermPalette.rgb(of: index), colors: 16) }
        #expect(sixteen(196) == 9)  // (255,0,0) is bright red
        #expect(sixteen(160) == 1)  // (215,0,0) is normal red
        #expect(sixteen(21) == 4)   // (0,0,255) is nearer ANSI blue (0,0,238) than bright blue (92,92,255)
        #expect(sixteen(244) == 8)
        #expect(sixteen(250) == 7)
        #expect(sixteen(231) == 15)
        #expect(sixteen(16) == 0)
    }
}
