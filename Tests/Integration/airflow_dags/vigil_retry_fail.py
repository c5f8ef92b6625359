"""Fails on every try: retries=1 makes it fail at try 2 of 2; the downstream task ends upstream_failed.

push_to_crm declares the warehouse tables it loads as outlet assets, by URI the way Airflow's postgres provider
spells them (postgres://HOST:PORT/DATABASE/SCHEMA/TABLE). Vigil's config names no producer: it joins these assets
onto the tables its postgres source measures by their OpenLineage identity, and so finds this DAG behind them.
"""
import os
from datetime import timedelta

from airflow.sdk import DAG, Asset, task

# The throwaway warehouse scripts/postgres-up starts (127.0.0.1:54329, database "warehouse").
WAREHOUSE = os.environ.get("VIGIL_WAREHOUSE_ASSET_BASE", "postgres://127.0.0.1:54329/warehouse")

# A short retry_delay keeps the whole run well inside the harness's deadline.
with DAG(dag_id="vigil_retry_fail", schedule=None, catchup=False, tags=["vigil"],
         default_args={"retries": 1, "retry_delay": timedelta(seconds=3)}):

    @task(outlets=[Asset(f"{WAREHOUSE}/raw/customers"), Asset(f"{WAREHOUSE}/raw/payments")])
    def push_to_crm():
        raise RuntimeError("CRM refused the batch (vigil integration test)")

    @task
    def notify():
        print("not reached")

    push_to_crm() >> notify()
