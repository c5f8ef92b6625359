import GRDB

// v10: one of each.
//   timeline_events.kind 'recovered'  detection's "everything this incident lists is healthy again" has a kind of its
//                                     own (TimelineEventKind.recovered); it was a signal (or note) told apart by its
//                                     text. Rows of kind signal or note with exactly that text become 'recovered':
//                                     the append-only trigger is lifted for this one update and put back as it was.
//   freshness_lag_hourly dropped      written on every observation and read by nothing since v8 (the lag sparkline
//                                     reads datasets.lag_24h, a LagDay); no longer written.
extension StoreMigrations {
    /// The text detection wrote for a recovery before v10, frozen here: the migration must not follow later wording.
    static let recoveredText = "everything this incident lists is healthy again: resolve it once confirmed"

    static func v10Tidy(_ db: Database) throws {
        try db.execute(sql: """
            DROP TRIGGER timeline_no_update;
            UPDATE timeline_events SET kind = 'recovered' WHERE kind IN ('signal', 'note') AND text = ?;
            CREATE TRIGGER timeline_no_update BEFORE UPDATE ON timeline_events
              BEGIN SELECT RAISE(ABORT, 'timeline_events is append-only'); END;
            DROP TABLE freshness_lag_hourly;
            """, arguments: [recoveredText])
    }
}
