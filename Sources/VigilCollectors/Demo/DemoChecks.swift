import Foundation
import VigilCore

/// The demo's data tests, as the dbt project its Dagster runs would report them: every analytics model has `unique` and `not_null` on
/// its key (passing); `analytics.fct_payments` has a warn-severity `accepted_values` test that warns on three
/// unexpected currencies; `analytics.fct_refunds` (tier 2) fails `relationships` since 2h30m before T0: refunds whose
/// charge never arrived, a data correctness problem while every pipeline is green. Results land at minute 20 of each
/// hour, when the hourly dbt build finishes, so pass rates have a day of history.
struct DemoChecks {
    static let source = DemoCatalog.dagster
    let start: Date
    let models: [String]

    init(start: Date, datasets: [String]) {
        self.start = start
        models = datasets.filter { $0.hasPrefix("analytics.") }.sorted()
    }

    /// Every check result in (from, to], oldest first.
    func results(after from: Date, upTo to: Date) -> [DataCheck] {
        var out: [DataCheck] = []
        var hour = (from.timeIntervalSince1970 / 3600).rounded(.down) * 3600 + 1200
        while hour <= to.timeIntervalSince1970 {
            if hour > from.timeIntervalSince1970 { out += results(at: Date(timeIntervalSince1970: hour)) }
            hour += 3600
        }
        return out
    }

    private func results(at t: Date) -> [DataCheck] {
        var out: [DataCheck] = []
        for model in models {
            let table = model.split(separator: ".").last.map(String.init) ?? model
            let key = table.hasPrefix("dim_") ? String(table.dropFirst(4)) + "_id" : "id"
            out.append(DataCheck(dataset: model, name: "unique_\(table)_\(key)", kind: .test, state: .pass, failures: 0,
                                 at: t, source: Self.source))
            out.append(DataCheck(dataset: model, name: "not_null_\(table)_\(key)", kind: .test, state: .pass, failures: 0,
                                 at: t, source: Self.source))
        }
        if models.contains("analytics.fct_payments") {
            out.append(DataCheck(dataset: "analytics.fct_payments", name: "accepted_values_fct_payments_currency", kind: .test,
                                 state: .warn, failures: 3, message: "Got 3 results, configured to warn if != 0",
                                 at: t, source: Self.source))
        }
        if models.contains("analytics.fct_refunds") {
            let failing = t > start.addingTimeInterval(-150 * 60)
            out.append(DataCheck(dataset: "analytics.fct_refunds", name: "relationships_fct_refunds_charge_id__id__ref_stg_charges",
                                 kind: .test, state: failing ? .fail : .pass, failures: failing ? 14 : 0,
                                 message: failing ? "Got 14 results, configured to fail if != 0" : nil,
                                 at: t, source: Self.source))
        }
        return out
    }
}
