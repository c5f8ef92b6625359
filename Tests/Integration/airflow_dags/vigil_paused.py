"""Never unpaused: Vigil must report it paused."""
from airflow.sdk import DAG, task

with DAG(dag_id="vigil_paused", schedule=None, catchup=False, is_paused_upon_creation=True, tags=["vigil"]):

    @task
    def idle():
        pass

    idle()
