import Foundation

/// Scripted moments of the demo, all relative to the start T0 so any start tells the same story.
public struct DemoStory: Sendable, Equatable {
    public let start: Date

    public init(start: Date) { self.start = start }

    func at(_ minutes: Double) -> Date { start.addingTimeInterval(minutes * 60) }

    /// customer_sync's last good run ends here; raw.customers keeps this load time while the CRM is down.
    public var lastGoodLoad: Date { at(-117) }
    /// customer_sync runs triggered in [crmOutageStart, crmFixed) fail at push_to_crm.
    public var crmOutageStart: Date { at(-62) }
    public var crmFixed: Date { at(45) }
    /// alice re-runs customer_sync by hand once the CRM is back.
    public var manualRerun: Date { at(44) }
    /// raw.customers crosses its 2h error_after: the incident opens.
    public var incidentOpened: Date { lastGoodLoad.addingTimeInterval(DemoStory.rawCustomersPolicyError) }
    /// alice resolves once the tier-1 tables behind raw.customers have caught up too.
    public var incidentResolved: Date { at(110) }
    /// The Dagster collector only gets partial answers in this window.
    public var dagsterDegraded: Range<Date> { at(20)..<at(26) }
    /// reverse_etl_hubspot runs triggered in this window hit the HubSpot daily quota.
    public var hubspotQuota: Range<Date> { at(-6 * 60)..<at(18 * 60) }
    /// ingest_stripe_charges runs triggered in this window take about three times longer (yesterday's incident).
    public var stripeSlow: Range<Date> { at(-21 * 60)..<at(-18 * 60 - 45) }

    static let rawCustomersPolicyWarn: TimeInterval = 3600
    static let rawCustomersPolicyError: TimeInterval = 7200
}
