"""The DAG the console's actions are tried on against Airflow 2 (VigilIntegrationTests/Airflow2ActionsIntegrationTests):
its first task fails on every try, so clearing it makes it run and fail again; the downstream task ends
upstream_failed. No retries. Its own DAG, so the actions never change the states the other tests read."""
from airflow import DAG
from airflow.decorators import task

with DAG(dag_id="vigil2_actions", schedule=None, catchup=False, tags=["vigil"], default_args={"retries": 0}):

    @task
    def fail_on_purpose():
        raise RuntimeError("vigil actions: this task fails on purpose (airflow 2)")

    @task
    def after():
        print("not reached")

    fail_on_purpose() >> after()
