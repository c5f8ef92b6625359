import Testing
@testable import VigilTerminal

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
            let c = XtermPalette.rgb(of: index)
            #expect(XtermPalette.nearest256(r: c.r, g: c.g, b: c.b) == index)
        }
    }

    @Test func exactGreysMapToTheRamp() {
        for index in UInt8(232)...255 {
            let c = XtermPalette.rgb(of: index)
            #expect(XtermPalette.nearest256(r: c.r, g: c.g, b: c.b) == index)
        }
    }

    @Test func inBetweenColoursPickTheClosest() {
        #expect(XtermPalette.nearest256(r: 250, g: 2, b: 3) == 196)      // pure red in the cube
        #expect(XtermPalette.nearest256(r: 128, g: 128, b: 128) == 244)  // grey ramp beats cube (135)
        #expect(XtermPalette.nearest256(r: 0, g: 200, b: 0) == 40)       // green 215 level
        #expect(XtermPalette.nearest256(r: 255, g: 175, b: 0) == 214)
        #expect(XtermPalette.nearest256(r: 0, g: 0, b: 0) == 16)         // never the terminal-defined 0
    }

    @Test func downToEightKeepsHueAndSendsGreysToBlackOrWhite() {
        #expect(XtermPalette.nearestANSI(to: 196, count: 8) == 1)   // red
        #expect(XtermPalette.nearestANSI(to: 40, count: 8) == 2)    // green
        #expect(XtermPalette.nearestANSI(to: 25, count: 8) == 4)    // steel blue
        #expect(XtermPalette.nearestANSI(to: 214, count: 8) == 3)   // orange -> yellow
        #expect(XtermPalette.nearestANSI(to: 244, count: 8) == 7)   // mid grey is not yellow
        #expect(XtermPalette.nearestANSI(to: 236, count: 8) == 0)
    }

    @Test func downToSixteenUsesBrightVariants() {
        #expect(XtermPalette.nearestANSI(to: 196, count: 16) == 9)  // (255,0,0) is bright red
        #expect(XtermPalette.nearestANSI(to: 160, count: 16) == 1)  // (215,0,0) is normal red
        #expect(XtermPalette.nearestANSI(to: 244, count: 16) == 8)
        #expect(XtermPalette.nearestANSI(to: 250, count: 16) == 7)
        #expect(XtermPalette.nearestANSI(to: 231, count: 16) == 15)
        #expect(XtermPalette.nearestANSI(to: 16, count: 16) == 0)
    }
}
