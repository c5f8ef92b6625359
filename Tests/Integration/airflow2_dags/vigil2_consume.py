"""Scheduled on the dataset vigil2_produce updates: one run per update."""
from datetime import datetime

from airflow import DAG
from airflow.datasets import Dataset
from airflow.decorators import task

# Airflow 2 wants a start_date on a DAG scheduled on datasets.
with DAG(dag_id="vigil2_consume", schedule=[Dataset("postgres://127.0.0.1:54329/warehouse/raw/orders")],
         start_date=datetime(2026, 1, 1), catchup=False, tags=["vigil"]):

    @task
    def report():
        print("orders reported")

    report()
