"""Brings the Dagster of scripts/dagster-integration to known run states through its GraphQL API (stdlib only).

usage: python drive.py http://127.0.0.1:13000
Waits for the code location to load, launches one run of each job, cancels canceled_job's run while it is held in
the queue, and waits until every other run is finished (queued_job's stays QUEUED). Exits non-zero with the reason.
"""
import json
import sys
import time
import urllib.request

URL = sys.argv[1].rstrip("/") + "/graphql"
LOCATION = "defs.py"
HOLD = [{"key": "vigil/hold", "value": "true"}]


def gql(query, variables=None):
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(URL, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.load(response)
    if answer.get("errors"):
        raise SystemExit(f"GraphQL errors: {answer['errors']}")
    return answer["data"]


def wait(what, check, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"timed out after {seconds} s waiting for {what}")


def loaded():
    data = gql("{ locationStatusesOrError { ... on WorkspaceLocationStatusEntries { entries { name loadStatus } } } }")
    entries = data["locationStatusesOrError"].get("entries") or []
    return any(e["name"] == LOCATION and e["loadStatus"] == "LOADED" for e in entries)


LAUNCH = """
mutation Launch($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
  }
}"""


def launch(job, tags=()):
    params = {"selector": {"repositoryLocationName": LOCATION, "repositoryName": "__repository__", "jobName": job},
              "runConfigData": {}, "executionMetadata": {"tags": list(tags)}}
    result = gql(LAUNCH, {"params": params})["launchRun"]
    if result["__typename"] != "LaunchRunSuccess":
        raise SystemExit(f"launching {job}: {result}")
    return result["run"]["runId"]


def status(run_id):
    data = gql("query S($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }", {"id": run_id})
    return data["runOrError"]["status"]


def main():
    wait("the code location to load", loaded, 120)
    finished = {"SUCCESS", "FAILURE", "CANCELED"}
    runs = {job: launch(job) for job in ["ok_job", "nightly_job", "ingest_job"]}
    # report_job after ingest_job, so the assets it depends on are materialized first (as in a real pipeline).
    wait("ingest_job to finish", lambda: status(runs["ingest_job"]) in finished, 180)
    runs["report_job"] = launch("report_job")
    held = launch("queued_job", HOLD)
    canceled = launch("canceled_job", HOLD)
    wait("the held runs to be queued", lambda: status(held) == "QUEUED" and status(canceled) == "QUEUED", 60)
    result = gql("mutation T($id: String!) { terminateRun(runId: $id) { __typename } }", {"id": canceled})
    if result["terminateRun"]["__typename"] != "TerminateRunSuccess":
        raise SystemExit(f"terminating canceled_job's run: {result}")
    wait("canceled_job's run to be canceled", lambda: status(canceled) == "CANCELED", 60)
    wait("every run to finish", lambda: all(status(r) in finished for r in runs.values()), 180)
    expected = {"ok_job": "SUCCESS", "nightly_job": "SUCCESS", "ingest_job": "SUCCESS", "report_job": "FAILURE"}
    for job, run_id in runs.items():
        if status(run_id) != expected[job]:
            raise SystemExit(f"{job}'s run {run_id} is {status(run_id)}, expected {expected[job]}")
    if status(held) != "QUEUED":
        raise SystemExit(f"queued_job's run is {status(held)}, expected QUEUED")


if __name__ == "__main__":
    main()
