import Testing
import VigilTestSupport
@testable import VigilUI

/// A theme holding the YAML "billion laughs" with its last alias as a key hung Yams (see AliasBombTests in
/// VigilConfigTests); it is refused on the alias's line before Yams composes it.
// A hang guard, not a speed test: on 2 cores the whole suite shares two cooperative threads with blocking end-to-end
// tests, and a one-minute limit was seen to expire on tests that take milliseconds alone.
@Suite(.timeLimit(.minutes(5))) struct ThemeAliasBombTests {
    @Test func anAliasBombIsRefusedOnItsLine() {
        let yaml = HostileInputs.yamlAliasBomb + "*i : 1\n"
        do {
            _ = try FuzzWatchdog.guarding("theme alias bomb") { try ThemeLoader.parse(yaml: yaml, name: "t") }
            Issue.record("an alias bomb was accepted")
        } catch let error as ThemeError {
            #expect(error.source == "t.yaml" && error.line == 5)
            #expect(error.message == "the alias '*d' takes the file over 100000 aliased values")
        } catch {
            Issue.record("untyped error \(error)")
        }
    }
}
