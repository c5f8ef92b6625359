"""Flows that scripts/prefect-integration deploys to a real Prefect 3.9 and runs on a real process worker, each
ending in a state the integration tests read (see the header of that script)."""
import os
import signal
import time

from prefect import flow, task
from prefect.flow_runs import pause_flow_run

# The failing task's exception: the integration tests look for it in the task's error.
FAIL_MESSAGE = "row count 10 below threshold 100"


@task
def extract() -> int:
    return 10


@task
def load(rows: int) -> int:
    return rows


@task
def validate(rows: int) -> None:
    raise ValueError(FAIL_MESSAGE)


@task
def hostile() -> None:
    # Terminal escape sequences (clear screen, set title, colour) in an exception message: Vigil must clean them.
    raise RuntimeError("\x1b[2J\x1b]0;pwned\x07\x1b[31mred alert\x1b[0m")


@flow(name="vigil_ok")
def vigil_ok() -> None:
    load(extract())


@flow(name="vigil_fail")
def vigil_fail() -> None:
    rows = extract()
    load(rows)
    validate(rows)


@flow(name="vigil_hostile")
def vigil_hostile() -> None:
    hostile()


@flow(name="vigil_crash")
def vigil_crash() -> None:
    extract()
    # The flow's process dies without reporting: the worker sees the exit and marks the run CRASHED.
    os.kill(os.getpid(), signal.SIGKILL)


@flow(name="vigil_sleep")
def vigil_sleep(seconds: int = 10800) -> None:
    time.sleep(seconds)


@flow(name="vigil_wait_for_input")
def vigil_wait_for_input() -> None:
    extract()
    pause_flow_run(timeout=10800)


@flow(name="vigil_adhoc")
def vigil_adhoc() -> None:
    load(extract())
