import GRDB

// v4: freshness SLOs.
//   datasets            + slo_target, slo_window_s: the objective set in config (NULL: the tier's default).
//   freshness_intervals one row per stretch a dataset spent in one state (fresh/warn/error/unknown), built by
//                       StoreWriter.recordFreshness from consecutive observations; a dataset that stays fresh is
//                       one row whose end moves. PK (dataset, start). 28 days of thousands of datasets stay small.
// freshness_samples are kept three days from v4 on (the 24 h lag sparkline), no longer forever.
extension StoreMigrations {
    static func v4FreshnessSLO(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE datasets ADD COLUMN slo_target REAL;
            ALTER TABLE datasets ADD COLUMN slo_window_s REAL;
            CREATE TABLE freshness_intervals (
              dataset TEXT NOT NULL,
              start REAL NOT NULL,
              "end" REAL NOT NULL,
              state TEXT NOT NULL,
              PRIMARY KEY (dataset, start)
            );
            CREATE INDEX freshness_intervals_by_end ON freshness_intervals ("end");
            """)
    }
}
