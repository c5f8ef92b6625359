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

// v5: hourly lag for the Freshness pane's 24 h sparkline.
//   freshness_lag_hourly  the largest lag seen in each UTC hour per dataset (NULL: never loaded), kept two days.
//                         PK (dataset, hour). One small row per dataset-hour instead of reading raw samples.
extension StoreMigrations {
    static func v5HourlyLag(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE freshness_lag_hourly (
              dataset TEXT NOT NULL,
              hour REAL NOT NULL,
              max_lag_s REAL,
              PRIMARY KEY (dataset, hour)
            );
            """)
    }
}
