import Foundation

/// One pipeline of the simulated platform, as its team would define it.
struct PipelineSpec: Sendable {
    let source: String
    let id: String
    let schedule: DemoSchedule
    let owner: String
    /// Task ids in run order.
    let tasks: [String]
    let produces: [String]
}

/// A dataset loaded by something outside the orchestrators (Fivetran, a vendor drop, a sheet).
struct ExternalDatasetSpec: Sendable {
    let name: String
    let schedule: DemoSchedule
    let owner: String
}

/// The static shape of the simulated platform: who produces what, and what reads what.
/// Names follow the usual raw → staging → analytics/marts → exports layering.
enum DemoCatalog {
    static let airflow = "airflow-prod"
    static let dagster = "dagster-analytics"
    static let warehouse = "warehouse"
    /// The namespace a Spark cluster's OpenLineage listener posts its jobs' events under (`vigil serve` receives them).
    static let spark = "spark-analytics"

    static let pipelines: [PipelineSpec] = airflowPipelines + dagsterPipelines + sparkPipelines

    /// A Spark job that reports itself only through OpenLineage: no orchestrator Vigil reads runs it.
    static let sparkPipelines: [PipelineSpec] = [
        .init(source: spark, id: "sessionize_clickstream", schedule: .hourly(minute: 40), owner: "growth-analytics",
              tasks: ["read_clickstream", "sessionize", "write_session_paths"], produces: ["analytics.session_paths"]),
    ]

    static let airflowPipelines: [PipelineSpec] = [
        // The story pipeline: push_to_crm runs before the load, so a CRM outage keeps raw.customers from loading.
        .init(source: airflow, id: "customer_sync", schedule: .hourlyAfterStart(offsetMinutes: 0), owner: "crm-integrations",
              tasks: ["extract_customers", "push_to_crm", "load_raw_customers", "quality_checks", "publish"],
              produces: ["raw.customers"]),
        .init(source: airflow, id: "ingest_orders", schedule: .every15, owner: "core-data",
              tasks: ["extract_orders", "load_raw_orders", "load_raw_order_items", "quality_checks"],
              produces: ["raw.orders", "raw.order_items"]),
        .init(source: airflow, id: "ingest_stripe_charges", schedule: .hourly(minute: 5), owner: "payments-data",
              tasks: ["extract_stripe_charges", "extract_stripe_refunds", "load_raw_stripe", "quality_checks"],
              produces: ["raw.stripe_charges", "raw.stripe_refunds", "raw.stripe_disputes"]),
        .init(source: airflow, id: "ingest_payments_ledger", schedule: .hourly(minute: 10), owner: "finance-data",
              tasks: ["extract_ledger", "load_raw_ledger_entries", "load_raw_ledger_accounts", "reconcile_totals"],
              produces: ["raw.ledger_entries", "raw.ledger_accounts"]),
        .init(source: airflow, id: "ingest_web_events", schedule: .every15, owner: "growth-analytics",
              tasks: ["list_new_s3_objects", "load_raw_web_events", "dedupe_events"],
              produces: ["raw.web_events", "raw.web_sessions"]),
        .init(source: airflow, id: "ingest_app_events", schedule: .every15, owner: "growth-analytics",
              tasks: ["list_new_s3_objects", "load_raw_app_events"],
              produces: ["raw.app_events", "raw.app_installs"]),
        .init(source: airflow, id: "ingest_shopify", schedule: .hourly(minute: 20), owner: "commerce-data",
              tasks: ["extract_products", "extract_inventory", "load_raw_shopify", "quality_checks"],
              produces: ["raw.shopify_products", "raw.shopify_inventory_levels", "raw.shopify_collections"]),
        .init(source: airflow, id: "ingest_salesforce", schedule: .hourly(minute: 25), owner: "revenue-ops",
              tasks: ["extract_accounts", "extract_opportunities", "extract_contacts", "load_raw_salesforce", "quality_checks"],
              produces: ["raw.sf_accounts", "raw.sf_opportunities", "raw.sf_contacts", "raw.sf_users"]),
        .init(source: airflow, id: "ingest_zendesk", schedule: .every6h(minute: 15), owner: "support-insights",
              tasks: ["extract_tickets", "extract_users", "load_raw_zendesk"],
              produces: ["raw.zendesk_tickets", "raw.zendesk_users", "raw.zendesk_satisfaction_ratings"]),
        .init(source: airflow, id: "ingest_intercom", schedule: .hourly(minute: 35), owner: "support-insights",
              tasks: ["extract_conversations", "load_raw_intercom"],
              produces: ["raw.intercom_conversations", "raw.intercom_contacts"]),
        .init(source: airflow, id: "ingest_marketing_spend", schedule: .daily(hour: 4, minute: 0), owner: "marketing-analytics",
              tasks: ["extract_google_ads", "extract_facebook_ads", "extract_linkedin_ads", "load_raw_ad_spend", "quality_checks"],
              produces: ["raw.google_ads_spend", "raw.facebook_ads_spend", "raw.linkedin_ads_spend"]),
        .init(source: airflow, id: "ingest_erp", schedule: .every6h(minute: 30), owner: "ops-analytics",
              tasks: ["extract_erp_tables", "load_raw_erp", "quality_checks"],
              produces: ["raw.erp_inventory", "raw.erp_suppliers", "raw.erp_purchase_orders", "raw.erp_warehouses"]),
        .init(source: airflow, id: "ingest_subscriptions", schedule: .hourly(minute: 40), owner: "revenue-eng",
              tasks: ["extract_subscriptions", "extract_plans", "load_raw_subscriptions"],
              produces: ["raw.subscriptions", "raw.plans", "raw.invoices"]),
        .init(source: airflow, id: "ingest_shipments", schedule: .every2h(minute: 45), owner: "ops-analytics",
              tasks: ["extract_shipments", "load_raw_shipments", "quality_checks"],
              produces: ["raw.shipments", "raw.carriers", "raw.tracking_events"]),
        .init(source: airflow, id: "ingest_workday", schedule: .daily(hour: 2, minute: 30), owner: "people-analytics",
              tasks: ["extract_workers", "load_raw_workday"],
              produces: ["raw.employees", "raw.departments"]),
        .init(source: airflow, id: "ingest_fx_rates", schedule: .hourly(minute: 2), owner: "finance-data",
              tasks: ["fetch_fx_rates", "load_raw_fx_rates"],
              produces: ["raw.fx_rates"]),
        .init(source: airflow, id: "ingest_product_catalog", schedule: .every6h(minute: 10), owner: "commerce-data",
              tasks: ["extract_catalog", "load_raw_catalog", "quality_checks"],
              produces: ["raw.product_catalog", "raw.product_prices"]),
        .init(source: airflow, id: "reverse_etl_hubspot", schedule: .every6h(minute: 0), owner: "growth-analytics",
              tasks: ["query_contacts", "transform_payload", "push_to_hubspot", "verify_counts"],
              produces: ["exports.hubspot_contacts"]),
        .init(source: airflow, id: "export_netsuite_journal", schedule: .daily(hour: 6, minute: 0), owner: "finance-data",
              tasks: ["build_journal_entries", "validate_balances", "push_to_netsuite"],
              produces: ["exports.netsuite_journal"]),
        .init(source: airflow, id: "export_partner_feeds", schedule: .daily(hour: 5, minute: 0), owner: "commerce-data",
              tasks: ["query_partner_sales", "query_partner_inventory", "write_sftp_files", "notify_partners"],
              produces: ["exports.partner_sales_feed", "exports.partner_inventory_feed"]),
        .init(source: airflow, id: "reverse_etl_salesforce", schedule: .hourly(minute: 50), owner: "revenue-ops",
              tasks: ["query_account_health", "push_to_salesforce"],
              produces: ["exports.sf_account_health"]),
        .init(source: airflow, id: "sync_feature_store", schedule: .every6h(minute: 45), owner: "ml-platform",
              tasks: ["compute_customer_features", "materialize_online_store", "verify_feature_drift"],
              produces: ["exports.feature_store_customers"]),
    ]

    static let dagsterPipelines: [PipelineSpec] = [
        // Story chain: phases follow customer_sync so the cascade looks the same for any start time.
        .init(source: dagster, id: "stg_customers_job", schedule: .hourlyAfterStart(offsetMinutes: 15), owner: "analytics-eng",
              tasks: ["dbt_run_stg_customers", "dbt_test_stg_customers"],
              produces: ["staging.stg_customers", "staging.stg_customer_addresses"]),
        .init(source: dagster, id: "stg_orders_job", schedule: .every15, owner: "analytics-eng",
              tasks: ["dbt_run_stg_orders", "dbt_test_stg_orders"],
              produces: ["staging.stg_orders", "staging.stg_order_items"]),
        .init(source: dagster, id: "stg_payments_job", schedule: .hourly(minute: 20), owner: "finance-data",
              tasks: ["dbt_source_freshness", "dbt_run_stg_payments", "dbt_test_stg_payments"],
              produces: ["staging.stg_charges", "staging.stg_refunds", "staging.stg_disputes",
                         "staging.stg_ledger_entries", "staging.stg_ledger_accounts", "staging.stg_fx_rates"]),
        .init(source: dagster, id: "stg_events_job", schedule: .hourly(minute: 5), owner: "growth-analytics",
              tasks: ["dbt_run_stg_events", "dbt_test_stg_events"],
              produces: ["staging.stg_web_events", "staging.stg_sessions", "staging.stg_app_events", "staging.stg_app_installs"]),
        .init(source: dagster, id: "stg_crm_job", schedule: .hourly(minute: 35), owner: "revenue-ops",
              tasks: ["dbt_run_stg_crm", "dbt_test_stg_crm"],
              produces: ["staging.stg_sf_accounts", "staging.stg_sf_opportunities", "staging.stg_sf_contacts", "staging.stg_sf_users"]),
        .init(source: dagster, id: "stg_support_job", schedule: .hourly(minute: 45), owner: "support-insights",
              tasks: ["dbt_run_stg_support", "dbt_test_stg_support"],
              produces: ["staging.stg_zendesk_tickets", "staging.stg_zendesk_users", "staging.stg_csat_ratings",
                         "staging.stg_intercom_conversations", "staging.stg_intercom_contacts"]),
        .init(source: dagster, id: "stg_catalog_job", schedule: .every6h(minute: 50), owner: "commerce-data",
              tasks: ["dbt_run_stg_catalog", "dbt_test_stg_catalog"],
              produces: ["staging.stg_products", "staging.stg_inventory_levels", "staging.stg_collections",
                         "staging.stg_product_catalog", "staging.stg_product_prices"]),
        .init(source: dagster, id: "stg_ops_job", schedule: .every2h(minute: 55), owner: "ops-analytics",
              tasks: ["dbt_run_stg_ops", "dbt_test_stg_ops"],
              produces: ["staging.stg_erp_inventory", "staging.stg_suppliers", "staging.stg_purchase_orders",
                         "staging.stg_warehouses", "staging.stg_shipments", "staging.stg_carriers", "staging.stg_tracking_events"]),
        .init(source: dagster, id: "stg_marketing_job", schedule: .daily(hour: 5, minute: 0), owner: "marketing-analytics",
              tasks: ["dbt_run_stg_marketing", "dbt_test_stg_marketing"],
              produces: ["staging.stg_ad_spend", "staging.stg_deals"]),
        .init(source: dagster, id: "stg_subscriptions_job", schedule: .hourly(minute: 50), owner: "revenue-eng",
              tasks: ["dbt_run_stg_subscriptions", "dbt_test_stg_subscriptions"],
              produces: ["staging.stg_subscriptions", "staging.stg_plans", "staging.stg_invoices"]),
        .init(source: dagster, id: "stg_people_job", schedule: .daily(hour: 3, minute: 30), owner: "people-analytics",
              tasks: ["dbt_run_stg_people", "dbt_test_stg_people"],
              produces: ["staging.stg_employees", "staging.stg_departments"]),
        .init(source: dagster, id: "customer_marts_job", schedule: .hourlyAfterStart(offsetMinutes: 30), owner: "analytics-eng",
              tasks: ["wait_for_staging", "dbt_run_customer_marts", "dbt_test_customer_marts"],
              produces: ["analytics.dim_customers", "analytics.customer_ltv", "analytics.customer_segments"]),
        .init(source: dagster, id: "revenue_marts_job", schedule: .hourlyAfterStart(offsetMinutes: 40), owner: "finance-data",
              tasks: ["wait_for_staging", "dbt_run_revenue_marts", "dbt_test_revenue_marts", "publish_metrics"],
              produces: ["analytics.fct_revenue", "analytics.fct_orders", "analytics.fct_refunds", "analytics.fct_payments"]),
        .init(source: dagster, id: "product_analytics_job", schedule: .hourly(minute: 25), owner: "growth-analytics",
              tasks: ["dbt_run_product_models", "dbt_test_product_models"],
              produces: ["analytics.fct_sessions", "analytics.fct_funnel_steps", "analytics.dim_products", "analytics.fct_app_engagement"]),
        .init(source: dagster, id: "finance_marts_daily", schedule: .daily(hour: 1, minute: 30), owner: "finance-data",
              tasks: ["dbt_run_finance_marts", "dbt_test_finance_marts", "snapshot_gl", "publish_finance_reports"],
              produces: ["marts.finance_daily_revenue", "marts.finance_gl_summary", "marts.finance_ar_aging", "marts.finance_cash_position"]),
        .init(source: dagster, id: "marketing_marts_daily", schedule: .daily(hour: 6, minute: 30), owner: "marketing-analytics",
              tasks: ["dbt_run_marketing_marts", "dbt_test_marketing_marts", "refresh_looker_pdts"],
              produces: ["marts.marketing_attribution", "marts.marketing_cac", "marts.marketing_roas", "marts.marketing_channel_daily"]),
        .init(source: dagster, id: "ops_marts_job", schedule: .every6h(minute: 55), owner: "ops-analytics",
              tasks: ["dbt_run_ops_marts", "dbt_test_ops_marts", "score_stockout_model"],
              produces: ["marts.ops_inventory_health", "marts.ops_shipping_sla", "marts.ops_supplier_scorecard", "marts.ops_stockout_forecast"]),
        .init(source: dagster, id: "support_marts_job", schedule: .hourly(minute: 55), owner: "support-insights",
              tasks: ["dbt_run_support_marts", "dbt_test_support_marts"],
              produces: ["marts.support_ticket_sla", "marts.support_csat_daily", "marts.support_agent_load"]),
        .init(source: dagster, id: "subscription_metrics_job", schedule: .hourly(minute: 58), owner: "revenue-eng",
              tasks: ["dbt_run_subscription_metrics", "dbt_test_subscription_metrics", "publish_metrics"],
              produces: ["analytics.fct_mrr", "analytics.fct_churn", "marts.saas_metrics_daily"]),
        .init(source: dagster, id: "exec_kpis_daily", schedule: .daily(hour: 7, minute: 0), owner: "bi-platform",
              tasks: ["wait_for_finance", "dbt_run_exec_kpis", "dbt_test_exec_kpis", "refresh_exec_dashboard", "notify_slack"],
              produces: ["marts.exec_kpis_daily", "marts.board_metrics_weekly"]),
    ]

    static let external: [ExternalDatasetSpec] = [
        .init(name: "raw.segment_identifies", schedule: .every15, owner: "growth-analytics"),
        .init(name: "raw.fivetran_hubspot_deals", schedule: .hourly(minute: 12), owner: "revenue-ops"),
        .init(name: "raw.vendor_price_feed", schedule: .every6h(minute: 20), owner: "commerce-data"),
        .init(name: "raw.gsheets_sales_targets", schedule: .daily(hour: 0, minute: 45), owner: "bi-platform"),
    ]

    /// dataset -> datasets it is built from. Raw datasets have none.
    static let upstreams: [String: [String]] = [
        "staging.stg_customers": ["raw.customers"],
        "staging.stg_customer_addresses": ["raw.customers"],
        "staging.stg_orders": ["raw.orders"],
        "staging.stg_order_items": ["raw.order_items"],
        "staging.stg_charges": ["raw.stripe_charges"],
        "staging.stg_refunds": ["raw.stripe_refunds"],
        "staging.stg_disputes": ["raw.stripe_disputes"],
        "staging.stg_ledger_entries": ["raw.ledger_entries"],
        "staging.stg_ledger_accounts": ["raw.ledger_accounts"],
        "staging.stg_fx_rates": ["raw.fx_rates"],
        "staging.stg_web_events": ["raw.web_events"],
        "staging.stg_sessions": ["raw.web_sessions", "raw.segment_identifies"],
        "staging.stg_app_events": ["raw.app_events"],
        "staging.stg_app_installs": ["raw.app_installs"],
        "staging.stg_sf_accounts": ["raw.sf_accounts"],
        "staging.stg_sf_opportunities": ["raw.sf_opportunities"],
        "staging.stg_sf_contacts": ["raw.sf_contacts"],
        "staging.stg_sf_users": ["raw.sf_users"],
        "staging.stg_zendesk_tickets": ["raw.zendesk_tickets"],
        "staging.stg_zendesk_users": ["raw.zendesk_users"],
        "staging.stg_csat_ratings": ["raw.zendesk_satisfaction_ratings"],
        "staging.stg_intercom_conversations": ["raw.intercom_conversations"],
        "staging.stg_intercom_contacts": ["raw.intercom_contacts"],
        "staging.stg_products": ["raw.shopify_products"],
        "staging.stg_inventory_levels": ["raw.shopify_inventory_levels"],
        "staging.stg_collections": ["raw.shopify_collections"],
        "staging.stg_product_catalog": ["raw.product_catalog"],
        "staging.stg_product_prices": ["raw.product_prices", "raw.vendor_price_feed"],
        "staging.stg_erp_inventory": ["raw.erp_inventory"],
        "staging.stg_suppliers": ["raw.erp_suppliers"],
        "staging.stg_purchase_orders": ["raw.erp_purchase_orders"],
        "staging.stg_warehouses": ["raw.erp_warehouses"],
        "staging.stg_shipments": ["raw.shipments"],
        "staging.stg_carriers": ["raw.carriers"],
        "staging.stg_tracking_events": ["raw.tracking_events"],
        "staging.stg_ad_spend": ["raw.google_ads_spend", "raw.facebook_ads_spend", "raw.linkedin_ads_spend"],
        "staging.stg_deals": ["raw.fivetran_hubspot_deals"],
        "staging.stg_subscriptions": ["raw.subscriptions"],
        "staging.stg_plans": ["raw.plans"],
        "staging.stg_invoices": ["raw.invoices"],
        "staging.stg_employees": ["raw.employees"],
        "staging.stg_departments": ["raw.departments"],
        "analytics.dim_customers": ["staging.stg_customers", "staging.stg_customer_addresses"],
        "analytics.customer_ltv": ["analytics.dim_customers", "staging.stg_orders", "staging.stg_charges"],
        "analytics.customer_segments": ["analytics.dim_customers", "staging.stg_sessions"],
        "analytics.fct_orders": ["staging.stg_orders", "staging.stg_order_items", "analytics.dim_customers"],
        "analytics.fct_revenue": ["analytics.dim_customers", "staging.stg_orders", "staging.stg_charges",
                                  "staging.stg_refunds", "staging.stg_fx_rates"],
        "analytics.fct_refunds": ["staging.stg_refunds", "staging.stg_disputes"],
        "analytics.fct_payments": ["staging.stg_charges", "staging.stg_ledger_entries"],
        "analytics.fct_sessions": ["staging.stg_sessions", "staging.stg_web_events"],
        "analytics.fct_funnel_steps": ["staging.stg_web_events", "staging.stg_orders"],
        "analytics.session_paths": ["staging.stg_web_events", "staging.stg_sessions"],
        "analytics.dim_products": ["staging.stg_products", "staging.stg_product_catalog", "staging.stg_product_prices"],
        "analytics.fct_app_engagement": ["staging.stg_app_events", "staging.stg_app_installs"],
        "analytics.fct_mrr": ["staging.stg_subscriptions", "staging.stg_plans", "staging.stg_invoices"],
        "analytics.fct_churn": ["staging.stg_subscriptions", "analytics.dim_customers"],
        "marts.saas_metrics_daily": ["staging.stg_subscriptions", "staging.stg_invoices"],
        "marts.finance_daily_revenue": ["analytics.fct_revenue", "staging.stg_fx_rates"],
        "marts.finance_gl_summary": ["staging.stg_ledger_entries", "staging.stg_ledger_accounts"],
        "marts.finance_ar_aging": ["staging.stg_invoices", "analytics.fct_payments"],
        "marts.finance_cash_position": ["staging.stg_ledger_entries", "analytics.fct_payments"],
        "marts.marketing_attribution": ["staging.stg_ad_spend", "analytics.fct_sessions", "analytics.fct_orders"],
        "marts.marketing_cac": ["staging.stg_ad_spend", "analytics.dim_customers"],
        "marts.marketing_roas": ["staging.stg_ad_spend", "analytics.fct_revenue"],
        "marts.marketing_channel_daily": ["staging.stg_ad_spend", "staging.stg_deals"],
        "marts.ops_inventory_health": ["staging.stg_inventory_levels", "staging.stg_erp_inventory", "staging.stg_warehouses"],
        "marts.ops_shipping_sla": ["staging.stg_shipments", "staging.stg_carriers", "staging.stg_tracking_events"],
        "marts.ops_supplier_scorecard": ["staging.stg_suppliers", "staging.stg_purchase_orders"],
        "marts.ops_stockout_forecast": ["staging.stg_erp_inventory", "analytics.fct_orders"],
        "marts.support_ticket_sla": ["staging.stg_zendesk_tickets", "staging.stg_zendesk_users"],
        "marts.support_csat_daily": ["staging.stg_csat_ratings", "staging.stg_intercom_conversations"],
        "marts.support_agent_load": ["staging.stg_zendesk_tickets", "staging.stg_zendesk_users", "staging.stg_intercom_conversations"],
        "marts.exec_kpis_daily": ["marts.finance_daily_revenue", "analytics.fct_mrr", "marts.marketing_cac", "raw.gsheets_sales_targets"],
        "marts.board_metrics_weekly": ["analytics.fct_mrr", "analytics.fct_churn", "marts.finance_gl_summary"],
        "exports.hubspot_contacts": ["analytics.dim_customers", "analytics.customer_segments"],
        "exports.netsuite_journal": ["marts.finance_gl_summary", "marts.finance_daily_revenue"],
        "exports.partner_sales_feed": ["analytics.fct_orders", "analytics.dim_products"],
        "exports.partner_inventory_feed": ["marts.ops_inventory_health"],
        "exports.sf_account_health": ["analytics.customer_ltv", "staging.stg_sf_accounts", "marts.support_ticket_sla"],
        "exports.feature_store_customers": ["analytics.customer_segments", "analytics.customer_ltv"],
    ]

    static let tier1: Set<String> = [
        "raw.customers", "raw.orders", "raw.stripe_charges", "staging.stg_customers", "staging.stg_orders",
        "analytics.dim_customers", "analytics.fct_revenue", "analytics.fct_orders", "marts.finance_daily_revenue",
        "exports.netsuite_journal",
    ]

    static let tier2: Set<String> = [
        "raw.order_items", "raw.stripe_refunds", "raw.ledger_entries", "raw.sf_accounts", "raw.sf_opportunities",
        "raw.subscriptions", "raw.invoices", "raw.web_events", "raw.fx_rates", "raw.shopify_inventory_levels",
        "raw.erp_inventory", "raw.shipments",
        "staging.stg_order_items", "staging.stg_charges", "staging.stg_refunds", "staging.stg_ledger_entries",
        "staging.stg_fx_rates", "staging.stg_sf_accounts", "staging.stg_sf_opportunities", "staging.stg_subscriptions",
        "staging.stg_invoices", "staging.stg_web_events", "staging.stg_sessions", "staging.stg_inventory_levels",
        "analytics.customer_ltv", "analytics.fct_refunds", "analytics.fct_payments", "analytics.fct_mrr",
        "analytics.fct_churn", "analytics.fct_sessions", "marts.finance_gl_summary", "marts.finance_ar_aging",
        "marts.exec_kpis_daily", "marts.marketing_attribution", "marts.ops_inventory_health",
        "marts.support_ticket_sla", "exports.sf_account_health",
    ]

    static func tier(of dataset: String) -> Int {
        tier1.contains(dataset) ? 1 : tier2.contains(dataset) ? 2 : 3
    }
}
