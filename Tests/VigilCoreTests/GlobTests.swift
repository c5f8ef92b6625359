import Testing
@testable import VigilCore

struct GlobTests {
    private func matches(_ pattern: String, _ name: String) throws -> Bool { try Glob(pattern).matches(name) }

    @Test func starMatchesAnyRunIncludingDotsAndNothing() throws {
        #expect(try matches("raw.*", "raw.customers"))
        #expect(try matches("raw.*", "raw."))
        #expect(try !matches("raw.*", "raw"))
        #expect(try matches("*", "anything.at.all"))
        #expect(try matches("*", ""))
        #expect(try matches("*_sync", "customer_sync"))
        #expect(try !matches("*_sync", "customer_sync_v2"))
        #expect(try matches("a*b*c", "aXXbYYbZc"))
        #expect(try !matches("a*b*c", "aXXbYYbZ"))
    }

    @Test func questionMarkIsExactlyOneCharacter() throws {
        #expect(try matches("raw.customer?", "raw.customers"))
        #expect(try !matches("raw.customer?", "raw.customer"))
        #expect(try matches("??", "ab"))
        #expect(try !matches("??", "abc"))
    }

    @Test func setsRangesAndNegation() throws {
        #expect(try matches("tier[12]", "tier1"))
        #expect(try !matches("tier[12]", "tier3"))
        #expect(try matches("v[0-9]", "v7"))
        #expect(try matches("v[9-0]", "v7"), "a reversed range means the same range")
        #expect(try matches("v[!0-9]", "vx"))
        #expect(try !matches("v[^0-9]", "v5"))
        #expect(try matches("a[\\]]", "a]"))
    }

    @Test func literalsIgnoreCaseAndBackslashEscapes() throws {
        #expect(try matches("RAW.Customers", "raw.customers"))
        #expect(try matches("what\\?", "what?"))
        #expect(try !matches("what\\?", "whats"))
        #expect(try matches("a\\*", "a*"))
        #expect(try !matches("a\\*", "ab"))
    }

    @Test func brokenPatternsAreRejected() {
        #expect(throws: Glob.Problem.empty) { try Glob("") }
        #expect(throws: Glob.Problem.unclosedBracket) { try Glob("raw.[abc") }
        #expect(throws: Glob.Problem.emptySet) { try Glob("raw.[]") }
        #expect(throws: Glob.Problem.trailingBackslash) { try Glob("raw\\") }
    }

    @Test func manyStarsStayFast() throws {
        // The classic exponential case for naive backtracking.
        let name = String(repeating: "a", count: 200)
        #expect(try !matches(String(repeating: "a*", count: 30) + "b", name))
    }

    @Test func specificityFiguresForRanking() throws {
        #expect(try !Glob("raw.customers").hasWildcards)
        #expect(try Glob("raw.*").hasWildcards)
        #expect(try Glob("raw.*").literalCount == 4)
        #expect(try Glob("**").literalCount == 0)
    }
}
