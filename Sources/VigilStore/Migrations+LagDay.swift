import Foundation
import GRDB

// v8: the 24 h lag sparkline on each dataset's row (see LagDay), filled from freshness_lag_hourly.
//   datasets.lag_24h       BLOB: 24 doubles, oldest first, NaN where unknown
//   datasets.lag_24h_hour  REAL: the UTC hour of the last slot
extension StoreMigrations {
    static func v8LagDay(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE datasets ADD COLUMN lag_24h BLOB;
            ALTER TABLE datasets ADD COLUMN lag_24h_hour REAL;
            """)
        var days: [String: LagDay] = [:]
        // Each dataset's day ends at its newest hour; hours are read oldest first so a day shifts forward only.
        let rows = try Row.fetchCursor(db, sql: "SELECT dataset, hour, max_lag_s FROM freshness_lag_hourly ORDER BY dataset, hour")
        while let row = try rows.next() {
            let name: String = row[0]
            let hour: Double = row[1]
            days[name] = (days[name] ?? LagDay(lastHour: hour)).recording(row[2], at: hour)
        }
        let update = try db.makeStatement(sql: "UPDATE datasets SET lag_24h = ?, lag_24h_hour = ? WHERE name = ?")
        for (name, day) in days { try update.execute(arguments: [day.blob, day.lastHour, name]) }
    }
}
