import Testing
@testable import VigilTerminal

@Suite struct TerminalPreflightTests {
    @Test func notATTY() {
        #expect(throws: TerminalError.notATerminal) {
            try TerminalPreflight.check(environment: ["TERM": "xterm"], stdinIsTTY: false, stdoutIsTTY: true)
        }
        #expect(throws: TerminalError.notATerminal) {
            try TerminalPreflight.check(environment: ["TERM": "xterm"], stdinIsTTY: true, stdoutIsTTY: false)
        }
    }

    @Test func dumbOrMissingTerm() {
        for env in [[:], ["TERM": ""], ["TERM": "dumb"], ["TERM": "  "]] as [[String: String]] {
            #expect(throws: TerminalError.dumbTerminal) {
                try TerminalPreflight.check(environment: env, stdinIsTTY: true, stdoutIsTTY: true)
            }
        }
    }

    @Test func usableTerminalPasses() throws {
        try TerminalPreflight.check(environment: ["TERM": "xterm-256color"], stdinIsTTY: true, stdoutIsTTY: true)
    }

    @Test func messagesPointScriptsAtStatus() {
        #expect(TerminalError.notATerminal.description.contains("not a TTY"))
        #expect(TerminalError.notATerminal.description.contains("vigil status"))
        #expect(TerminalError.dumbTerminal.description.contains("TERM=dumb"))
        #expect(TerminalError.dumbTerminal.description.contains("vigil status"))
        #expect(TerminalError.initFailed("boom").description.contains("boom"))
    }

    @Test func checkUsableRefusesWithoutATTY() {
        // `swift test` runs with stdin/stdout redirected or with TERM unset; either way it must throw, not init.
        #expect(throws: TerminalError.self) {
            try NcursesTerminal.checkUsable(environment: ["TERM": "dumb"])
        }
    }
}
