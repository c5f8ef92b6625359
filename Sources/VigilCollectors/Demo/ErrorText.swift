import Foundation

/// Believable failure text, shaped like the tail of the traceback an orchestrator would store.
enum ErrorText {
    static let crmOutage = traceback(
        file: "/opt/airflow/dags/customer_sync.py", line: 88, function: "push_to_crm", code: "resp.raise_for_status()",
        error: "requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: https://api.crm.example.com/v3/contacts/batch_upsert")

    static let hubspotQuota = traceback(
        file: "/opt/airflow/dags/reverse_etl_hubspot.py", line: 142, function: "push_to_hubspot", code: "client.crm.contacts.batch_api.update(batch)",
        error: "hubspot.crm.contacts.exceptions.ApiException: (429) Reason: Too Many Requests. You have reached your daily limit of 500000 API calls.")

    /// A failure for `task`, chosen by `hash`, mentioning one of the datasets the pipeline produces.
    static func failure(task: String, file dagFile: String, dataset: String, hash: SeededHash) -> String {
        let table = dataset.split(separator: ".").last.map(String.init) ?? dataset
        let line = hash.int(1, 40, 260)
        if task.hasPrefix("dbt_test") || task == "dbt_source_freshness" {
            return hash.pick(2, [
                "Failure in test unique_\(table)_id (models/staging/schema.yml)\n  Got \(hash.int(3, 2, 40)) results, configured to fail if != 0",
                "Failure in test not_null_\(table)_customer_id (models/schema.yml)\n  Got \(hash.int(3, 1, 900)) results, configured to fail if != 0",
                "Failure in test relationships_\(table)_order_id__order_id__ref_stg_orders_ (models/schema.yml)\n  Got \(hash.int(3, 3, 60)) results, configured to fail if != 0",
            ])
        }
        if task.hasPrefix("dbt_run") || task == "snapshot_gl" {
            return hash.pick(2, [
                "Database Error in model \(table) (models/\(table).sql)\n  canceling statement due to statement timeout",
                "Database Error in model \(table) (models/\(table).sql)\n  could not serialize access due to concurrent update",
                "Database Error in model \(table) (models/\(table).sql)\n  column \"discount_amount\" does not exist\n  LINE 42:     sum(discount_amount) as discounts,",
            ])
        }
        if task.hasPrefix("load_") || task.hasPrefix("dedupe") {
            return traceback(file: dagFile, line: line, function: task, code: "cur.execute(copy_sql)", error: hash.pick(2, [
                "psycopg2.OperationalError: server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally before or while processing the request.",
                "psycopg2.errors.DeadlockDetected: deadlock detected\nDETAIL:  Process 81244 waits for ShareLock on transaction 99184721; blocked by process 81251.",
                "psycopg2.errors.DiskFull: could not extend file \"base/16384/2619\": No space left on device",
                "psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint \"\(table)_pkey\"",
            ]))
        }
        if task.contains("quality") || task.hasPrefix("validate") || task.hasPrefix("reconcile") || task.hasPrefix("verify") {
            return traceback(file: dagFile, line: line, function: task, code: "raise AirflowException(msg)", error: hash.pick(2, [
                "airflow.exceptions.AirflowException: Check failed: \(hash.int(3, 2, 4000)) rows in \(dataset) with NULL customer_id (expected 0)",
                "airflow.exceptions.AirflowException: Row count for \(dataset) dropped 38% vs 7-day average (threshold 25%)",
                "AssertionError: totals do not reconcile: ledger 1,204,331.17 != source 1,203,998.02",
            ]))
        }
        if task.hasPrefix("extract") || task.hasPrefix("fetch") || task.hasPrefix("query") || task.hasPrefix("list_") {
            return traceback(file: dagFile, line: line, function: task, code: "page = client.get(cursor)", error: hash.pick(2, [
                "requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.vendor.example.com', port=443): Read timed out. (read timeout=60)",
                "requests.exceptions.HTTPError: 502 Server Error: Bad Gateway for url: https://api.vendor.example.com/v2/export",
                "KeyError: 'next_page_token'",
                "botocore.exceptions.ClientError: An error occurred (ExpiredToken) when calling the ListObjectsV2 operation: The provided token has expired.",
            ]))
        }
        return traceback(file: dagFile, line: line, function: task, code: "result = run(context)", error: hash.pick(2, [
            "requests.exceptions.HTTPError: 429 Client Error: Too Many Requests for url: https://api.partner.example.com/upload",
            "airflow.exceptions.AirflowTaskTimeout: Timeout, PID: \(hash.int(3, 20000, 90000))",
            "botocore.exceptions.ClientError: An error occurred (SlowDown) when calling the PutObject operation: Please reduce your request rate.",
            "TypeError: Object of type Decimal is not JSON serializable",
        ]))
    }

    static func traceback(file: String, line: Int, function: String, code: String, error: String) -> String {
        "Traceback (most recent call last):\n  File \"\(file)\", line \(line), in \(function)\n    \(code)\n\(error)"
    }

    /// The operator class an orchestrator would show for a task.
    static func operatorName(task: String, isDagster: Bool) -> String {
        if isDagster { return task.hasPrefix("dbt_") ? "dbt_assets" : "op" }
        if task.hasPrefix("load_") || task.hasPrefix("dedupe") { return "SQLExecuteQueryOperator" }
        if task.contains("quality") || task.hasPrefix("validate") || task.hasPrefix("reconcile") || task.hasPrefix("verify") {
            return "SQLCheckOperator"
        }
        if task.hasPrefix("list_") { return "S3ListOperator" }
        if task.hasPrefix("write_sftp") { return "SFTPOperator" }
        if task.hasPrefix("push_") || task.hasPrefix("fetch_") { return "HttpOperator" }
        return "PythonOperator"
    }
}
