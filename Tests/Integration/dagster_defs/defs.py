"""Dagster definitions for Vigil's integration tests (scripts/dagster-integration starts `dagster dev` on them).

What each part is for (the tests compare Vigil's store with what Dagster's GraphQL says about them):
- ok_job succeeds; its schedule runs (its next tick is months away, so it never fires during a test).
- nightly_job succeeds; its schedule is stopped, so Vigil shows the job paused.
- ingest_job materializes `customers` (dagster/uri metadata: a postgres table) and `raw_orders`
  (dagster/table_name metadata); the check raw_orders_min_rows fails (severity ERROR) without failing the run.
- report_job's step revenue_report fails with a known message; the asset depends on both assets above (lineage).
- ticking_job never runs: its schedule ticks every minute and skips, so the daemon's ticks show in GraphQL.
- queued_job and canceled_job are launched with the tag vigil/hold=true, which dagster.yaml limits to 0 runs at a
  time: the first stays QUEUED, the second is terminated while queued and is CANCELED.
"""
import dagster as dg


@dg.op
def say_hello(context: dg.OpExecutionContext) -> str:
    context.log.info("hello")
    return "hello"


@dg.job
def ok_job():
    say_hello()


@dg.job
def nightly_job():
    say_hello()


@dg.job
def ticking_job():
    say_hello()


@dg.schedule(job=ticking_job, cron_schedule="* * * * *", default_status=dg.DefaultScheduleStatus.RUNNING)
def ticking_job_schedule(context: dg.ScheduleEvaluationContext):
    return dg.SkipReason("vigil: this schedule ticks and never runs")


@dg.job
def queued_job():
    say_hello()


@dg.job
def canceled_job():
    say_hello()


@dg.asset(
    group_name="vigil",
    metadata={"dagster/uri": "postgres://127.0.0.1:5432/warehouse/raw/customers"},
)
def customers() -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"row_count": 42})


@dg.asset(
    group_name="vigil",
    owners=["team:data-platform"],
    metadata={"dagster/table_name": "warehouse.raw.orders"},
)
def raw_orders() -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"row_count": 5001})


@dg.asset_check(asset=raw_orders, description="row count must exceed 10000 (fails on purpose)")
def raw_orders_min_rows() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=False,
        severity=dg.AssetCheckSeverity.ERROR,
        description="5001 rows, expected more than 10000",
        metadata={"row_count": 5001, "threshold": 10000},
    )


@dg.asset(group_name="vigil", deps=[raw_orders, customers])
def revenue_report() -> None:
    raise Exception("simulated failure: upstream revenue table locked")


ingest_job = dg.define_asset_job("ingest_job", selection=["customers", "raw_orders"])
report_job = dg.define_asset_job("report_job", selection=["revenue_report"])

defs = dg.Definitions(
    assets=[customers, raw_orders, revenue_report],
    asset_checks=[raw_orders_min_rows],
    jobs=[ok_job, nightly_job, ticking_job, queued_job, canceled_job, ingest_job, report_job],
    schedules=[
        dg.ScheduleDefinition(name="ok_job_schedule", job=ok_job, cron_schedule="0 0 1 1 *",
                              default_status=dg.DefaultScheduleStatus.RUNNING),
        dg.ScheduleDefinition(name="nightly_job_schedule", job=nightly_job, cron_schedule="0 2 * * *",
                              default_status=dg.DefaultScheduleStatus.STOPPED),
        ticking_job_schedule,
    ],
)
