import Foundation
import Testing
import VigilCollectors

/// scheduleInterval is the longest gap between fire times, so paused hours never look late.
@Suite struct AirflowScheduleTests {
    @Test func cronIntervals() {
        let hour = 3600.0, day = 86_400.0
        #expect(AirflowSchedule.interval(cron: "0 0 * * *") == day)
        #expect(AirflowSchedule.interval(cron: "0 * * * *") == hour)
        #expect(AirflowSchedule.interval(cron: "*/15 * * * *") == 900)
        #expect(AirflowSchedule.interval(cron: "0,30 * * * *") == 1800)
        #expect(AirflowSchedule.interval(cron: "0 */6 * * *") == 6 * hour)
        // 09:00..17:00 hourly: the longest gap is overnight, 17:00 -> 09:00.
        #expect(AirflowSchedule.interval(cron: "0 9-17 * * *") == 16 * hour)
        // Weekdays at midnight: Friday -> Monday.
        #expect(AirflowSchedule.interval(cron: "0 0 * * 1-5") == 3 * day)
        #expect(AirflowSchedule.interval(cron: "0 0 * * 0") == 7 * day)
        #expect(AirflowSchedule.interval(cron: "0 0 1 * *") == 31 * day)
        #expect(AirflowSchedule.interval(cron: "0 0 1 1 *") == 12 * 31 * day)
    }

    @Test func presetsAndNonsense() {
        #expect(AirflowSchedule.interval(cron: "@hourly") == 3600)
        #expect(AirflowSchedule.interval(cron: "@daily") == 86_400)
        #expect(AirflowSchedule.interval(cron: "@weekly") == 7.0 * 86_400)
        #expect(AirflowSchedule.interval(cron: "@once") == nil)
        #expect(AirflowSchedule.interval(cron: "Asset") == nil)
        #expect(AirflowSchedule.interval(cron: "0 0 * * MON") == nil)
        #expect(AirflowSchedule.interval(cron: "61 * * * *") == nil)
    }

    @Test func pythonTimedeltaText() {
        #expect(AirflowSchedule.interval(timedelta: "0:30:00") == 1800)
        #expect(AirflowSchedule.interval(timedelta: "1 day, 0:00:00") == 86_400)
        #expect(AirflowSchedule.interval(timedelta: "2 days, 6:00:00") == 2.0 * 86_400 + 6 * 3600)
        #expect(AirflowSchedule.interval(timedelta: "0 0 * * *") == nil)
        #expect(AirflowSchedule.text(every: 5400) == "every 1h30m")
    }
}
