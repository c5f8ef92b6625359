"""A task that sleeps, so it is running whenever the tests poll. 30 minutes, not 10: in CI the tests run after
Vigil is built and the other suites ran; scripts/airflow-down kills it at the end."""
import time

from airflow.sdk import DAG, task

with DAG(dag_id="vigil_running", schedule=None, catchup=False, tags=["vigil"]):

    @task
    def long_sleep():
        time.sleep(1800)

    long_sleep()
