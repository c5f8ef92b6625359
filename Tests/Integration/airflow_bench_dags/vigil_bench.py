"""Twenty small DAGs for scripts/bench-airflow: three trivial tasks each, no schedule, paused at creation.

The benchmark creates their runs through the REST API and sets each run's final state itself, so nothing needs
to execute: the scheduler never touches a paused DAG's runs.
"""
from airflow.sdk import DAG, task

for n in range(20):
    with DAG(dag_id=f"vigil_bench_{n:02d}", schedule=None, catchup=False,
             tags=["vigil-bench", f"tier:{n % 3 + 1}"]) as dag:

        @task
        def extract():
            return 1

        @task
        def transform(x):
            return x + 1

        @task
        def load(x):
            print(x)

        load(transform(extract()))
    globals()[dag.dag_id] = dag
