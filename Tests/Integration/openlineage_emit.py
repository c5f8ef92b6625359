"""Posts OpenLineage events with the real openlineage-python client's HTTP transport, as Airflow's provider does
(one job per task under the DAG's run, via the parent facet), for the integration tests.

usage: openlineage_emit.py URL API_KEY WAREHOUSE_NAMESPACE
Prints one line per emitted event: "<eventType> <job name> <run id>". The client raises on a refused event
(it does not retry 4xx), so exit 0 means every event was accepted.
"""
import sys
import uuid
from datetime import datetime, timezone

from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import (
    data_quality_assertions_dataset,
    error_message_run,
    output_statistics_output_dataset,
    parent_run,
)
from openlineage.client.transport.http import ApiKeyTokenProvider, HttpCompression, HttpConfig, HttpTransport

url, api_key, warehouse = sys.argv[1], sys.argv[2], sys.argv[3]
NAMESPACE = "airflow-it"
PRODUCER = "https://github.com/vigil/tests/openlineage_emit.py"


def client(compression=None):
    config = HttpConfig(url=url, auth=ApiKeyTokenProvider({"api_key": api_key}), compression=compression)
    return OpenLineageClient(transport=HttpTransport(config))


plain, gzipped = client(), client(HttpCompression.GZIP)
dag_run = str(uuid.uuid4())
parent = parent_run.ParentRunFacet(
    run=parent_run.Run(runId=dag_run),
    job=parent_run.Job(namespace=NAMESPACE, name="orders_daily"),
    root=parent_run.Root(run=parent_run.RootRun(runId=dag_run), job=parent_run.RootJob(namespace=NAMESPACE, name="orders_daily")),
)


def now():
    return datetime.now(timezone.utc).isoformat()


def emit(c, state, job, run_id, facets=None, inputs=(), outputs=()):
    event = RunEvent(eventType=state, eventTime=now(), run=Run(runId=run_id, facets=facets or {}),
                     job=Job(namespace=NAMESPACE, name=job), producer=PRODUCER,
                     inputs=list(inputs), outputs=list(outputs))
    c.emit(event)
    print(state.value, job, run_id, flush=True)
    return event


# The DAG run starts.
emit(plain, RunState.START, "orders_daily", dag_run)
# Task extract: reads the raw orders table, writes stg_orders, with a row count; START then COMPLETE (gzip).
extract = str(uuid.uuid4())
orders = InputDataset(namespace=warehouse, name="warehouse.raw.orders")
emit(plain, RunState.START, "orders_daily.extract", extract, {"parent": parent}, [orders])
checks = data_quality_assertions_dataset.DataQualityAssertionsDatasetFacet(assertions=[
    data_quality_assertions_dataset.Assertion(assertion="not_null", success=True, column="order_id"),
    data_quality_assertions_dataset.Assertion(assertion="not_null", success=False, column="amount", severity="warn",
                                              actual="2", expected="0"),
])
orders_checked = InputDataset(namespace=warehouse, name="warehouse.raw.orders", inputFacets={"dataQualityAssertions": checks})
stg = OutputDataset(namespace=warehouse, name="warehouse.analytics.stg_orders",
                    outputFacets={"outputStatistics": output_statistics_output_dataset.OutputStatisticsOutputDatasetFacet(rowCount=42)})
complete = emit(gzipped, RunState.COMPLETE, "orders_daily.extract", extract, {"parent": parent}, [orders_checked], [stg])
# The emitter retries a delivery it did not hear back from: the same event again must change nothing.
plain.emit(complete)
print("REPEAT orders_daily.extract", extract, flush=True)
# Task publish fails with an error message.
publish = str(uuid.uuid4())
emit(plain, RunState.START, "orders_daily.publish", publish, {"parent": parent})
error = error_message_run.ErrorMessageRunFacet(message="relation \"analytics.orders_report\" does not exist",
                                               programmingLanguage="python")
emit(plain, RunState.FAIL, "orders_daily.publish", publish, {"parent": parent, "errorMessage": error})
emit(plain, RunState.FAIL, "orders_daily", dag_run)
