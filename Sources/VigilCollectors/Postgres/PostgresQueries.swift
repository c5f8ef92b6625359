/// The SQL one pass runs. Each monitoring query returns ONE json document (json_agg), decoded with Codable; they
/// are the reference queries of the captured fixtures (Tests/VigilCollectorsTests/Fixtures/postgres-15) cut down to
/// the fields Vigil reads, so the captures decode as the server's answers do, and so PostgreSQL 13 and later can
/// answer them (query_id, toplevel and friends are 14+). Values come in as parameters; identifiers are quoted with
/// PQescapeIdentifier by the caller. Every query only reads: the session is read-only anyway.
enum PostgresQueries {
    /// Who the session is and what it may see. pg_read_all_stats (which pg_monitor includes) is what unlocks
    /// other roles' query text; superusers have it implicitly.
    static let identity = """
        SELECT json_build_object(
          'role', current_user,
          'database', current_database(),
          'server_version', current_setting('server_version'),
          'superuser', (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),
          'reads_all_stats', pg_has_role(current_user, 'pg_read_all_stats', 'USAGE'),
          'statements_schema', (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                                WHERE e.extname = 'pg_stat_statements'))
        """

    /// Every backend but ours. pg_blocking_pids only for sessions waiting on a lock: it is not free.
    static let activity = """
        SELECT coalesce(json_agg(t ORDER BY t.pid), '[]'::json) FROM (
          SELECT pid, datname, usename, application_name, client_addr::text, backend_type, state,
                 wait_event_type, wait_event,
                 CASE WHEN wait_event_type = 'Lock' THEN pg_blocking_pids(pid) ELSE '{}'::int[] END AS blocked_by,
                 xact_start, query_start,
                 extract(epoch FROM now() - query_start)::float8 AS query_age_s,
                 extract(epoch FROM now() - xact_start)::float8 AS xact_age_s,
                 left(query, 200) AS query
          FROM pg_stat_activity
          WHERE pid <> pg_backend_pid()
        ) t
        """

    /// Top statements by total execution time ($1: how many). `schema` is the extension's, already quoted.
    static func statements(schema: String) -> String {
        """
        SELECT coalesce(json_agg(t ORDER BY t.total_exec_time DESC), '[]'::json) FROM (
          SELECT s.queryid::text AS queryid, d.datname, r.rolname, s.calls,
                 s.total_exec_time, s.mean_exec_time, s.max_exec_time, s.rows,
                 left(s.query, 200) AS query
          FROM \(schema).pg_stat_statements s
          LEFT JOIN pg_database d ON d.oid = s.dbid
          LEFT JOIN pg_roles r ON r.oid = s.userid
          ORDER BY s.total_exec_time DESC
          LIMIT $1::int
        ) t
        """
    }

    /// Table activity ($1: JSON array of "schema.table" to keep first; $2: how many tables at most).
    static let tables = """
        SELECT coalesce(json_agg(t ORDER BY t.schemaname, t.relname), '[]'::json) FROM (
          SELECT schemaname, relname, seq_scan, idx_scan, n_tup_ins, n_tup_upd, n_tup_del, n_live_tup, n_dead_tup,
                 last_vacuum, last_autovacuum, last_analyze, last_autoanalyze,
                 pg_total_relation_size(relid) AS total_bytes
          FROM pg_stat_user_tables
          ORDER BY (schemaname || '.' || relname) IN (SELECT json_array_elements_text($1::json)) DESC,
                   total_bytes DESC, schemaname, relname
          LIMIT $2::int
        ) t
        """

    /// What the catalog says of one relation ($1: its quoted name, resolved as regclass, so "table" alone follows
    /// the search_path): its kind; the row estimates of the tables holding its rows (itself, or a partitioned table's
    /// leaf partitions), each with pg_class.reltuples, pg_stat_all_tables.n_live_tup and whether the statistics have
    /// seen a vacuum or analyze; and its columns in order with format_type's names. pg_attribute, not
    /// information_schema.columns: that view hides the columns the role has no privilege on (a revoked grant would
    /// look like dropped columns) and drops type modifiers (numeric(12,2) is "numeric").
    static let catalog = """
        SELECT json_build_object(
          'relkind', c.relkind,
          'parts', (SELECT coalesce(json_agg(json_build_object(
                       'relkind', p.relkind, 'reltuples', p.reltuples, 'n_live_tup', s.n_live_tup,
                       'analyzed', coalesce(s.last_vacuum, s.last_autovacuum, s.last_analyze, s.last_autoanalyze) IS NOT NULL)
                     ORDER BY p.oid), '[]'::json)
                    FROM pg_class p LEFT JOIN pg_stat_all_tables s ON s.relid = p.oid
                    WHERE p.oid IN (SELECT relid FROM pg_partition_tree(c.oid) WHERE isleaf)
                       OR (p.oid = c.oid AND c.relkind <> 'p')),
          'columns', (SELECT coalesce(json_agg(json_build_object(
                         'name', a.attname, 'type', format_type(a.atttypid, a.atttypmod), 'nullable', NOT a.attnotnull)
                       ORDER BY a.attnum), '[]'::json)
                      FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped))
        FROM pg_class c WHERE c.oid = $1::regclass
        """

    /// A dataset's exact row count. `relation` is already quoted.
    static func rowCount(relation: String) -> String {
        "SELECT count(*) FROM \(relation)"
    }

    /// A dataset's newest load as unix seconds. A timestamp without time zone counts as UTC; NULL when empty.
    static func freshness(relation: String, column: String) -> String {
        "SELECT extract(epoch FROM max(\(column)))::float8 FROM \(relation)"
    }
}
