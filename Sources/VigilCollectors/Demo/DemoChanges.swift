import Foundation
import VigilCore

/// The changes the demo platform saw (DAG versions, a dbt manifest, a schema change, a release note), relative to T0
/// like the rest of the story: the Changes pane has something to show, and root cause names customer_sync's new
/// version as "changed before" its failures (context, not blame: the CRM outage is the cause).
extension DemoStory {
    var changes: [Change] {
        let af = DemoCatalog.airflow
        func change(_ minutes: Double, _ source: String, _ kind: ChangeKind, _ title: String, _ subjects: [String],
                    ref: String, author: String?, detail: String? = nil) -> Change {
            Change(id: Change.id(source: source, kind: kind, subject: subjects.first ?? "-", ref: ref), at: at(minutes), source: source,
                   kind: kind, title: title, subjects: subjects, ref: ref, author: author, detail: detail)
        }
        return [
            change(-87, af, .dagVersion, "customer_sync version 6 → 7 (bundle dags-main)", ["pipeline:\(af)/customer_sync"],
                   ref: "7", author: "dave", detail: "push_to_crm: batch size 500 → 2000\nretries 1 → 2"),
            change(-7 * 60, af, .dagSource, "reverse_etl_hubspot source changed", ["pipeline:\(af)/reverse_etl_hubspot"],
                   ref: "a41f9c2", author: nil),
            change(-5 * 60 - 10, DemoCatalog.dagster, .dbtManifest, "dbt: 2 models changed (stg_customers, dim_customers)",
                   ["dataset:staging.stg_customers", "dataset:analytics.dim_customers"], ref: "9e0b1d4", author: "erin",
                   detail: "model.stg_customers: checksum changed\nmodel.dim_customers: checksum changed"),
            change(-20 * 60, DemoCatalog.warehouse, .schema, "raw.stripe_charges: column fee_details added", ["dataset:raw.stripe_charges"],
                   ref: "cols 14", author: nil),
            change(-3 * 24 * 60, "manual", .manual, "Warehouse upgraded to PostgreSQL 15.6", [], ref: "15.6", author: "ops"),
        ]
    }
}
