#pragma once
// libpq, PostgreSQL's C client (Debian: libpq-dev; pkg-config libpq adds -I/usr/include/postgresql).
#include <libpq-fe.h>
#include <poll.h>

// Character-literal macros (PG_DIAG_*) are not imported into Swift.
static inline int vigil_pg_diag_sqlstate(void) { return PG_DIAG_SQLSTATE; }
static inline int vigil_pg_diag_message_primary(void) { return PG_DIAG_MESSAGE_PRIMARY; }

/// Swallows server NOTICE/WARNING messages: libpq's default prints them to stderr, which is the console's screen.
static void vigil_pg_ignore_notice(void *arg, const char *message) {
    (void)arg;
    (void)message;
}

static inline void vigil_pg_quiet_notices(PGconn *conn) {
    PQsetNoticeProcessor(conn, vigil_pg_ignore_notice, NULL);
}
