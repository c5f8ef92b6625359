"""Fails to import on purpose: Airflow reports an import error and Vigil must show the source degraded.
(The DAG processor only parses files that mention both "airflow" and "DAG", so this one does.)"""
from airflow import DAG

import vigil_module_that_does_not_exist  # noqa: F401

with DAG(dag_id="vigil2_broken", schedule=None, catchup=False):
    pass
