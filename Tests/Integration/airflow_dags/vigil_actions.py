"""The DAG the console's actions are tried on (VigilIntegrationTests/AirflowActionsIntegrationTests): its first task
fails on every try, so clearing it makes it run and fail again, as often as the tests like; the downstream task ends
upstream_failed, so a clear of the failed task alone is seen to leave it out. No retries: every try is one clear.
Its own DAG, so clearing, triggering and pausing never change the states the other integration tests read."""
from airflow.sdk import DAG, task

with DAG(dag_id="vigil_actions", schedule=None, catchup=False, tags=["vigil"], default_args={"retries": 0}):

    @task
    def fail_on_purpose():
        raise RuntimeError("vigil actions: this task fails on purpose")

    @task
    def after():
        print("not reached")

    fail_on_purpose() >> after()
