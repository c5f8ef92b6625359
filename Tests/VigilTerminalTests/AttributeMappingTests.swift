import CNcursesw
import Testing
import VigilUI
@testable import VigilTerminal

@Suite struct AttributeMappingTests {
    @Test func eachAttributeMapsToItsCursesBit() {
        #expect(NcursesTerminal.attributes([]) == attr_t(A_NORMAL))
        #expect(NcursesTerminal.attributes(.bold) == vigil_a_bold())
        #expect(NcursesTerminal.attributes([.reverse, .underline]) == vigil_a_reverse() | vigil_a_underline())
        #expect(NcursesTerminal.attributes([.bold, .dim, .reverse, .underline, .italic])
                == vigil_a_bold() | vigil_a_dim() | vigil_a_reverse() | vigil_a_underline() | vigil_a_italic())
    }
}
