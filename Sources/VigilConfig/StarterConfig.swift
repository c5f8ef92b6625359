/// The commented `vigil.yaml` that `vigil init` writes. Only a demo source is active, so the file is
/// valid as written; the real sources are examples to uncomment. A test keeps it parsing cleanly.
public enum StarterConfig {
    public static let text = """
    # vigil.yaml: what Vigil watches and where it keeps its state.
    # Check it with `vigil check`. Durations are written like 30s, 5m, 2h, 1d or 1h30m.
    # Relative paths are relative to this file's folder; ~ is your home folder.

    # The state store shared by collectors and consoles: a SQLite file by default.
    # Default: $XDG_STATE_HOME/vigil/vigil.db (else ~/.local/state/vigil/vigil.db).
    # store: ~/.local/state/vigil/vigil.db
    # A team shares one PostgreSQL store instead (README, Team store): its URL without the password in store:
    # (postgres://vigil@db.internal/vigil), or the whole connection string read from elsewhere with
    # the key store_dsn_env: VIGIL_STORE_DSN (an environment variable) or store_dsn_file: PATH (a 0600 file).

    # Colour theme: default, light, high-contrast, colorblind, or a themes/NAME.yaml of yours.
    theme: default

    # Name recorded on incident actions (acknowledge, notes, runbook steps). Default: your login name.
    # user: alice

    # When true, consoles only look: incidents and runbook steps cannot be changed from this machine.
    read_only: false

    # Folder of runbook files attached to incidents.
    # runbooks: ./runbooks

    # Where pipelines and freshness come from. Every source has a unique name (letters, digits, . _ -)
    # and a kind: airflow, dagster, dbt, postgres, prefect or demo. interval is how often it is polled; timeout is how
    # long one poll may take. Secrets are never written here: *_env names an environment variable,
    # *_file a file only you can read (chmod 600).
    sources:
      # A simulated platform, to try the console without connecting anything.
      - name: demo
        kind: demo

      # An Airflow webserver. api: v1 (Airflow 2) or v2 (Airflow 3); detected when left out.
      # - name: prod-airflow
      #   kind: airflow
      #   url: http://127.0.0.1:8080
      #   api: v2
      #   username: vigil
      #   password_env: AIRFLOW_PASSWORD     # or password_file: ~/.config/vigil/airflow-password
      #   late_grace: 10m                    # a DAG this long past its next run, with none going, is late
      #   # token_env: AIRFLOW_TOKEN         # or token_file: PATH, instead of username and password
      #   actions:                           # optional: a user that may clear tasks, trigger runs and pause DAGs
      #     username: vigil-ops              # from the console (the one above only reads); without actions:,
      #     password_file: ~/.config/vigil/airflow-ops-password  # the source takes no actions
      #   interval: 30s
      #   timeout: 10s

      # A Dagster webserver (GraphQL at /graphql): jobs, runs, step errors, schedules, assets and asset checks.
      # - name: prod-dagster
      #   kind: dagster
      #   url: http://127.0.0.1:3000
      #   # token_env: DAGSTER_CLOUD_API_TOKEN  # Dagster+ only (or token_file: PATH); open-source Dagster needs none
      #   late_grace: 10m                    # a job this long past its running schedule's next tick is late
      # A Prefect 3 server or Cloud workspace: deployments (and flows run without one), their flow runs and the
      # task runs of failed ones, Late runs, and work pools without an online worker.
      # - name: prefect
      #   kind: prefect
      #   url: http://127.0.0.1:4200/api     # the API URL, ending in /api
      #   # token_env: PREFECT_API_KEY       # or token_file: PATH; sent as a bearer token (Prefect Cloud)
      #   interval: 30s
      #   timeout: 10s

      # A dbt project: Vigil reads manifest.json, run_results.json and sources.json from its target/ folder.
      # - name: analytics
      #   kind: dbt
      #   target_dir: ../analytics/target
      #   warehouse: warehouse               # the postgres source it builds into (default: the only one)
      #   interval: 60s

      # A Postgres warehouse: Vigil reads max(loaded_at) of each dataset below that names it (or that names
      # no source, when this is the only postgres source), and the sessions, statements and tables worth a look.
      # It connects read-only; the role needs SELECT on those tables, and pg_monitor to see other roles' sessions.
      # - name: warehouse
      #   kind: postgres
      #   dsn_env: WAREHOUSE_DSN             # or dsn_file: ~/.config/vigil/warehouse-dsn
      #   interval: 60s
      #   timeout: 10s                       # statement_timeout of every query

    # Tables whose freshness Vigil watches. tier 1 is most critical: a stale tier-1 table makes
    # `vigil status` CRITICAL. A dataset warns after warn_after without new data and errors after error_after.
    datasets:
      # - name: analytics.fct_revenue
      #   tier: 1
      #   freshness: {warn_after: 1h, error_after: 2h}
      #   loaded_at: updated_at                      # column whose max() is the last load time
      #   source: warehouse                          # the source that measures it
      #   produced_by: prod-airflow/daily_revenue    # SOURCE/PIPELINE that writes it; usually inferred from
      #                                              # Airflow assets and dbt, so set it only when no source says
      #   aliases: ["postgres://db.internal:5432/warehouse/analytics/fct_revenue"]  # other names systems use
      #   owner: data-eng
      #   slo: {objective: 99.5%, window: 28d}      # freshness SLO; default by tier (99.5/99/95%, 28d)
      #   volume: {max_drop: 50%, max_growth: 300%}  # row count vs its 7-day median (the defaults); false: off

    # `vigil serve` receives OpenLineage events (Airflow's OpenLineage provider, dbt-ol) at
    # POST /api/v1/lineage and runs the sources above. Plain HTTP: put a TLS proxy in front.
    # serve:
    #   listen: 127.0.0.1:8765
    #   token_env: VIGIL_SERVE_TOKEN      # or token_file: PATH; emitters send Authorization: Bearer TOKEN
    #   max_body_bytes: 1048576
    #   expected_every: {airflow-prod: 1h}   # flag a namespace quiet for longer

    # Incidents sent out as alerts, by the process that runs the sources (collect, serve, or the console): to
    # Alertmanager (re-sent every resend_every while open, resolved with endsAt), or to a webhook signed with
    # X-Vigil-Signature (the README shows how to verify it). Without routes, every incident goes to every target.
    # notify:
    #   resend_every: 60s                  # under Alertmanager's resolve_timeout (5m)
    #   targets:
    #     - name: alertmanager
    #       kind: alertmanager
    #       url: http://127.0.0.1:9093     # optional username: with password_env, or token_env
    #       timeout: 10s
    #     - name: chat
    #       kind: webhook
    #       url: https://hooks.example.com/vigil
    #       secret_env: VIGIL_WEBHOOK_SECRET   # the HMAC-SHA256 key; or secret_file: PATH
    #   routes:                            # kinds, severities, tiers: each optional, all must match
    #     - {kinds: [freshness, pipeline], severities: [sev1, sev2], tiers: [1], targets: [alertmanager]}
    #     - {kinds: [data_correctness], targets: [chat]}

    # Git repositories whose commits are changes (read-only, with the git CLI): an incident names the newest change
    # to what failed, or upstream of it, before the failure. `vigil change record` adds release notes by hand.
    # changes:
    #   - repo: ~/src/dags                 # a work tree or bare repository on this machine
    #     branch: main                     # default: HEAD
    #     name: dags                       # default: the folder's name
    #     touches: [prod-airflow/payments_ingest, analytics.fct_revenue]   # pipelines (SOURCE/ID) and datasets
    #     interval: 5m

    """
}
