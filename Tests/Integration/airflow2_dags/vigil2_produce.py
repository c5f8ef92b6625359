"""Succeeds and updates the dataset raw.orders lives at (its OpenLineage identity: postgres://127.0.0.1:54329,
warehouse.raw.orders), which schedules vigil2_consume. Airflow 2 imports."""
from airflow import DAG
from airflow.datasets import Dataset
from airflow.decorators import task

ORDERS = Dataset("postgres://127.0.0.1:54329/warehouse/raw/orders")

with DAG(dag_id="vigil2_produce", schedule=None, catchup=False, tags=["vigil", "tier:1"]):

    @task
    def extract():
        return 3

    @task(outlets=[ORDERS])
    def load_orders(n):
        print(f"loaded {n} orders")

    load_orders(extract())
