import VigilCore

/// The two runbooks the demo ships; the story incident follows the first one.
public enum DemoRunbooks {
    public static let staleTier1 = Runbook(id: "stale-tier1-table", title: "Stale tier-1 table", steps: [
        RunbookStep(title: "Confirm the staleness and see what it hits downstream",
                    detail: "Check the lag against the policy and list tier-1 consumers; page their owners if a report is due soon.",
                    command: "vigil why raw.customers"),
        RunbookStep(title: "Find the producer's failing run and task",
                    detail: "Look for the first failed run after the last successful load; read the error of the last try.",
                    command: "airflow tasks states-for-dag-run customer_sync <run_id>"),
        RunbookStep(title: "Rule out an upstream schema or contract change",
                    detail: "A renamed column or new enum value fails loads deterministically; retries will not help."),
        RunbookStep(title: "Check the newest row in the warehouse",
                    detail: "Confirms whether data is missing or only the load metadata is late.",
                    command: "psql -c \"select max(updated_at) from raw.customers\""),
        RunbookStep(title: "Fix the cause, then re-run the producer",
                    detail: "For transient upstream errors, trigger a fresh run once the upstream is healthy.",
                    command: "airflow dags trigger customer_sync"),
        RunbookStep(title: "Verify freshness recovered and tell downstream owners",
                    detail: "Wait for the next downstream model runs; post in #data-incidents when tier-1 marts are fresh.",
                    command: "vigil status"),
    ])

    public static let failingDagTask = Runbook(id: "failing-dag-task", title: "Failing DAG task", steps: [
        RunbookStep(title: "Read the error of the last try",
                    detail: "The last line of the traceback usually names the cause.",
                    command: "airflow tasks states-for-dag-run <dag_id> <run_id>"),
        RunbookStep(title: "Classify: transient or deterministic",
                    detail: "Timeouts, 5xx, 429 and deadlocks are transient; KeyError, constraint violations and missing columns are not."),
        RunbookStep(title: "Transient: clear the task so it retries",
                    command: "airflow tasks clear <dag_id> -t <task_id> -s <logical_date> -e <logical_date> -y"),
        RunbookStep(title: "Deterministic: page the owning team; pause the DAG if it writes bad data",
                    command: "airflow dags pause <dag_id>"),
        RunbookStep(title: "Confirm the next run succeeds and downstream freshness recovers",
                    command: "vigil status"),
    ])

    public static let all = [staleTier1, failingDagTask]
}
