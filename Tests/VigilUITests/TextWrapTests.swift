import Testing
@testable import VigilUI

@Suite struct TextWrapTests {
    @Test func wrapsAtSpacesWithinWidth() {
        let lines = TextWrap.lines("push_to_crm fails on both tries with 503", width: 16, maxLines: 5)
        #expect(lines == ["push_to_crm", "fails on both", "tries with 503"])
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 16 })
    }

    @Test func cutsWordsLongerThanALine() {
        #expect(TextWrap.lines("abcdefghij", width: 4, maxLines: 5) == ["abcd", "efgh", "ij"])
    }

    @Test func marksTextLeftOverWithAnEllipsis() {
        let lines = TextWrap.lines("one two three four five six", width: 9, maxLines: 2)
        #expect(lines.count == 2)
        #expect(lines[1].hasSuffix("…"))
        #expect(DisplayWidth.of(lines[1]) <= 9)
    }

    @Test func measuresWideCharacters() {
        let lines = TextWrap.lines("数据 管道 失败", width: 5, maxLines: 5)
        #expect(lines == ["数据", "管道", "失败"])
    }

    @Test func emptyTextIsOneEmptyLine() {
        #expect(TextWrap.lines("", width: 10, maxLines: 3) == [""])
    }
}
