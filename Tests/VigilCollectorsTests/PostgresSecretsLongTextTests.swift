import Foundation
import Testing
@testable import VigilCollectors
import VigilStore

/// Found by PostgresFuzzTests: a long run of letters (a 100 kB query text or application name) made the URI
/// pattern try every start position against the whole rest of the text, quadratic work that hung the pass.
// A hang guard, not a speed test: on 2 cores the whole suite shares two cooperative threads with blocking end-to-end
// tests, and a one-minute limit was seen to expire on tests that take milliseconds alone.
@Suite(.timeLimit(.minutes(5))) struct PostgresSecretsLongTextTests {
    @Test func longTextWithoutSecretsIsScrubbedUnchanged() {
        let letters = String(repeating: "x", count: 100_000)
        #expect(PostgresSecrets.scrubPatterns(letters) == letters)
        let dotted = String(repeating: "a.", count: 50_000)
        #expect(PostgresSecrets.scrubPatterns(dotted) == dotted)
    }

    @Test func aURIPasswordAfterLongTextIsStillMasked() {
        let text = String(repeating: "y", count: 50_000) + " postgresql://u:hunter2@db/x"
        #expect(PostgresSecrets.scrubPatterns(text).hasSuffix(" postgresql://u:***@db/x"))
    }
}
