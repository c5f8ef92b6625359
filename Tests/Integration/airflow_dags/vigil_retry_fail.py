"""Fails on every try: retries=1 makes it fail at try 2 of 2; the downstream task ends upstream_failed."""
from datetime import timedelta

from airflow.sdk import DAG, task

# A short retry_delay keeps the whole run well inside the harness's deadline.
with DAG(dag_id="vigil_retry_fail", schedule=None, catchup=False, tags=["vigil"],
         default_args={"retries": 1, "retry_delay": timedelta(seconds=3)}):

    @task
    def push_to_crm():
        raise RuntimeError("CRM refused the batch (vigil integration test)")

    @task
    def notify():
        print("not reached")

    push_to_crm() >> notify()
