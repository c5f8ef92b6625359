/// The demo's runbooks, embedded byte for byte from runbooks/*.md at the repository root so `vigil demo` and
/// `vigil snapshot` never read the working directory. DemoRunbookTests fails when a copy drifts from its file.
enum DemoRunbookFiles {
    static let staleTier1Table = #"""
        ---
        title: Stale tier-1 table
        severity: sev2
        applies_to:
          - tier: 1
        ---

        # Stale tier-1 table

        A tier-1 table has gone past its `error_after`. Reports and models that read it are now showing old numbers.
        Work from the table back to the cause, fix it, and tell the people who read the table. Vigil fills in `{dataset}`,
        `{pipeline}` and `{task}` from the incident; replace `<run_id>` and `<logical_date>` with the values from `vigil why`.

        - [ ] Confirm the staleness and see what it hits downstream
          Check the lag against the freshness policy and note the tier-1 datasets at risk downstream. If one of them
          feeds a report that is due soon, warn its owner now, before you start fixing.
          ```sh
          vigil why {dataset}
          ```
        - [ ] Find the producer's last run and the task that failed
          `vigil why` names the producing pipeline and the failed run. List that run's task states, then open the log of
          the failed try (Airflow UI: Grid, the task, Logs). Read the last exception, not the first warning. Note whether
          every try failed the same way and since which run: the first failed run is where a backfill starts.
          ```sh
          airflow tasks states-for-dag-run {pipeline} <run_id>
          ```
        - [ ] Check the source system
          Look at the vendor's status page and the source database before touching the pipeline. Outages, HTTP 5xx
          and 429 (quota), expired credentials and revoked grants fix themselves or need someone else; a renamed
          column, a new enum value or a changed API contract fails every load the same way and needs a code change.
          Retrying does not help with those.
        - [ ] Check the newest row in the warehouse
          Tells you whether data is really missing or only the load metadata is late. If the rows are there, the
          freshness check may read the wrong column, or a manual load bypassed the pipeline.
          ```sh
          psql -c "select max(updated_at) from {dataset}"
          ```
        - [ ] Once the cause is fixed, clear the failed task (or trigger a fresh run)
          Clearing re-runs the failed task and, with -d, everything downstream of it in that run, under the run's own
          logical date, so the data lands in the right partition. If several runs failed, widen -s and -e to cover them
          all, oldest first. For a producer that loads "everything since last time", one fresh run catches up instead:
          `airflow dags trigger {pipeline}`.
          ```sh
          airflow tasks clear {pipeline} -t '^{task}$' -s <logical_date> -e <logical_date> -d -y
          ```
        - [ ] Verify freshness recovered
          Wait for the cleared task to succeed, then check the table again: `vigil why` exits 0 once it is fresh.
          Downstream models pick the data up on their next runs; check the tier-1 datasets you noted in the first step
          before calling it fixed.
          ```sh
          vigil why {dataset}
          ```
        - [ ] Tell the downstream owners and close out
          Post in the incident channel: what was stale, from when to when, the cause, and whether any report or
          export ran on stale data (those need a re-run too). Write down the follow-ups: an earlier alert, retries for
          a flaky source, a contract test for a schema change.

        """#

    static let failingDagTask = #"""
        ---
        title: Failing DAG task
        severity: sev3
        applies_to:
          - pipeline: "*"
        ---

        # Failing DAG task

        A task of an Airflow DAG failed its last try. Decide whether a retry will fix it or the cause must be fixed
        first, then get the run through. Vigil fills in `{pipeline}` and `{task}` from the incident;
        replace `<run_id>` and `<logical_date>` with the values from `vigil why`.

        - [ ] Read the error of the last try
          Find the failed task and its try number, then open that try's log: Airflow UI (Grid, the task, Logs), or on
          the worker `$AIRFLOW_HOME/logs/dag_id={pipeline}/run_id=<run_id>/task_id={task}/attempt=<n>.log`. The last
          exception usually names the cause; earlier warnings usually do not.
          ```sh
          airflow tasks states-for-dag-run {pipeline} <run_id>
          ```
        - [ ] Decide: retry, or fix first
          Transient, a retry will do: timeouts, connection resets, HTTP 429 and 5xx, database deadlocks, a worker or
          pod that was lost (zombie tasks). Deterministic, fix first: KeyError, a missing column, a constraint
          violation, HTTP 401/403, bad input data. A deterministic failure fails the same way on every try, and a
          retry can write partial data. If the task writes bad data, pause the DAG while you fix it:
          `airflow dags pause {pipeline}` (and `airflow dags unpause {pipeline}` afterwards).
        - [ ] Clear the task
          Once the cause is gone (or it was transient), clear the failed task; -d also re-runs what depends on it in
          that run. Clear failed runs oldest first so incremental loads stay in order.
          ```sh
          airflow tasks clear {pipeline} -t '^{task}$' -s <logical_date> -e <logical_date> -d -y
          ```
        - [ ] Watch the run and the next one
          The cleared task should reach success, and so should the next scheduled run: one green retry of a flaky task
          is not a fix. If it fails the same way again, it is deterministic: go back to the second step. When both
          pass, check that the datasets it feeds are fresh again with `vigil why {dataset}`.
          ```sh
          airflow tasks state {pipeline} {task} <logical_date>
          ```

        """#
}
