import Foundation

/// The look-back windows burn rates are measured over (Google SRE workbook, multiwindow multi-burn-rate alerts).
public enum BurnWindow: String, Codable, Sendable, CaseIterable, Comparable {
    case m5 = "5m", m30 = "30m", h1 = "1h", h2 = "2h", h6 = "6h", d1 = "1d", d3 = "3d"

    public var seconds: TimeInterval {
        switch self {
        case .m5: return 300
        case .m30: return 1_800
        case .h1: return 3_600
        case .h2: return 7_200
        case .h6: return 21_600
        case .d1: return 86_400
        case .d3: return 259_200
        }
    }

    public static func < (a: BurnWindow, b: BurnWindow) -> Bool { a.seconds < b.seconds }

    /// Its place among the windows, shortest first.
    var position: Int {
        switch self {
        case .m5: return 0
        case .m30: return 1
        case .h1: return 2
        case .h2: return 3
        case .h6: return 4
        case .d1: return 5
        case .d3: return 6
        }
    }
}

/// A burn rate per look-back window, nil where nothing was seen in it. Seven doubles held in place (NaN for none):
/// every dataset of a snapshot carries one, and a dictionary per dataset cost an allocation and a hash table each.
public struct BurnRates: Sendable, Equatable, Codable, Sequence {
    /// By `BurnWindow.position`.
    private var rates = InlineArray<7, Double>(repeating: .nan)

    public init() {}

    public init(_ rates: [BurnWindow: Double]) {
        for (w, r) in rates { self[w] = r }
    }

    public subscript(_ window: BurnWindow) -> Double? {
        get { rates[window.position].isNaN ? nil : rates[window.position] }
        set { rates[window.position] = newValue ?? .nan }
    }

    public var isEmpty: Bool { BurnWindow.allCases.allSatisfy { self[$0] == nil } }

    /// The windows that have a rate, shortest first.
    public func makeIterator() -> some IteratorProtocol<(window: BurnWindow, rate: Double)> {
        BurnWindow.allCases.lazy.compactMap { w in self[w].map { (window: w, rate: $0) } }.makeIterator()
    }

    public static func == (a: BurnRates, b: BurnRates) -> Bool {
        BurnWindow.allCases.allSatisfy { a[$0] == b[$0] }
    }

    /// As a JSON object of the windows that have a rate ("1h": 2.5).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(Dictionary(uniqueKeysWithValues: map { ($0.window.rawValue, $0.rate) }))
    }

    public init(from decoder: any Decoder) throws {
        let rates = try decoder.singleValueContainer().decode([String: Double].self)
        for (k, v) in rates { if let w = BurnWindow(rawValue: k) { self[w] = v } }
    }
}

/// What a dataset's burn rates call for.
public enum BurnAlert: String, Codable, Sendable, Comparable {
    case none, ticket, page

    private var rank: Int {
        switch self {
        case .none: return 0
        case .ticket: return 1
        case .page: return 2
        }
    }

    public static func < (a: BurnAlert, b: BurnAlert) -> Bool { a.rank < b.rank }
}

/// The multiwindow rule of the SRE workbook, for a 30-day window:
///   page   when the 1h and 5m burn rates both exceed 14.4 (2% of the budget in an hour),
///          or the 6h and 30m both exceed 6 (5% in six hours);
///   ticket when the 1d and 2h both exceed 3 (10% in a day), or the 3d and 6h both exceed 1 (10% in three days).
/// Each threshold is a share of the budget spent within the long window, so for another SLO window W it
/// scales by W / 30 days (e.g. 14.4 becomes 13.44 for 28 days): the same share of budget fires the alert.
public enum BurnAlertRule {
    public static let referenceWindow: TimeInterval = 30 * 86_400

    public struct Pair: Sendable {
        public let long: BurnWindow, short: BurnWindow, threshold: Double, alert: BurnAlert
    }

    public static let pairs: [Pair] = [
        Pair(long: .h1, short: .m5, threshold: 14.4, alert: .page),
        Pair(long: .h6, short: .m30, threshold: 6, alert: .page),
        Pair(long: .d1, short: .h2, threshold: 3, alert: .ticket),
        Pair(long: .d3, short: .h6, threshold: 1, alert: .ticket),
    ]

    public static func threshold(_ pair: Pair, window: TimeInterval) -> Double {
        pair.threshold * window / referenceWindow
    }

    /// The strongest alert whose two windows both burn faster than their scaled threshold.
    public static func evaluate(_ rates: BurnRates, window: TimeInterval) -> BurnAlert {
        var alert = BurnAlert.none
        for pair in pairs {
            let t = threshold(pair, window: window)
            if let l = rates[pair.long], let s = rates[pair.short], l > t, s > t { alert = max(alert, pair.alert) }
        }
        return alert
    }
}
