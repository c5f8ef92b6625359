"""Fails on every try: retries=1 makes it fail at try 2 of 2 (the downstream task ends upstream_failed). The
exception has a cause, so the log's traceback is chained."""
from datetime import timedelta

from airflow import DAG
from airflow.decorators import task

# A short retry_delay keeps the whole run well inside the harness's deadline.
with DAG(dag_id="vigil2_retry_fail", schedule=None, catchup=False, tags=["vigil"],
         default_args={"retries": 1, "retry_delay": timedelta(seconds=3)}):

    @task
    def push_to_crm():
        try:
            raise ConnectionError("crm.example:443 refused the connection")
        except ConnectionError as e:
            raise RuntimeError("CRM refused the batch (vigil airflow 2 integration test)") from e

    @task
    def notify():
        print("not reached")

    push_to_crm() >> notify()
