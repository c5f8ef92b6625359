import Foundation
import Testing
import VigilCore
@testable import VigilConfig

/// `slo: {objective, window}` on a dataset: percent or fraction, a window of 1 to 90 days, defaults by tier.
@Suite struct SLOConfigTests {
    func yaml(_ slo: String, tier: Int = 1) -> String {
        """
        datasets:
          - name: analytics.fct_revenue
            tier: \(tier)
            freshness: {warn_after: 1h, error_after: 2h}
            \(slo)
        """
    }

    @Test func objectiveAsPercentOrFractionAndWindow() throws {
        let a = try parsed(yaml("slo: {objective: 99.9%, window: 30d}")).datasets.first?.objective
        #expect(a == FreshnessObjective(target: 0.999, window: 30 * 86_400))
        let b = try parsed(yaml("slo: {objective: 0.98}")).datasets.first?.objective
        #expect(b == FreshnessObjective(target: 0.98, window: 28 * 86_400))
        // Only a window: the tier's default objective.
        let c = try parsed(yaml("slo: {window: 7d}", tier: 2)).datasets.first?.objective
        #expect(c == FreshnessObjective(target: 0.99, window: 7 * 86_400))
        // No slo: nil, and the domain dataset uses the tier's default.
        let d = try parsed(yaml("")).datasets.first
        #expect(d?.objective == nil)
        #expect(d?.dataset(defaultSource: "config").effectiveObjective == FreshnessObjective.default(tier: 1))
    }

    @Test func mistakesNameTheLineAndField() {
        let bad = problems(yaml("slo: {objective: 150%, windo: 2h}"))
        #expect(bad.contains { $0.field == "datasets[0].slo.objective" && $0.message.contains("'150%' is not an objective") })
        #expect(bad.contains { $0.field == "datasets[0].slo.windo" && $0.message.contains("unknown key") })
        let short = problems(yaml("slo: {window: 2h}"))
        #expect(short.contains { $0.field == "datasets[0].slo.window" && $0.message.contains("outside 1d to 90d") && $0.line == 5 })
    }
}
