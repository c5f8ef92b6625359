import CZlib
import Foundation
import Testing
import VigilApp
import VigilCore
import VigilTestSupport

/// What scripts/test (via scripts/chromium-env) hands the report screenshot test: Debian's chromium.
enum ChromiumEnvironment {
    static let chromium = IntegrationEnvironment.variables["VIGIL_CHROMIUM_BIN"]
}

@Suite struct ChromiumGateTests {
    @Test(.enabled(if: IntegrationEnvironment.isCI))
    func ciProvidesChromium() {
        #expect(ChromiumEnvironment.chromium != nil,
                "CI=true but VIGIL_CHROMIUM_BIN is unset: scripts/test must run scripts/chromium-env")
    }
}

/// The HTML scorecard as a real browser draws it: headless Chromium screenshots the page, and the PNG must be the
/// size asked for, not blank, with the charts' colours where the charts are.
@Suite(.enabled(if: ChromiumEnvironment.chromium != nil))
struct ReportScreenshotTests {
    /// Four weeks of a small platform: incidents each week, changes, two datasets, runs and checks.
    static var report: ReliabilityReport {
        let from = Date(timeIntervalSince1970: 1_793_577_600)  // Monday 2026-11-02 00:00 UTC
        let to = from.addingTimeInterval(28 * 86_400)
        func at(_ d: Double) -> Date { from.addingTimeInterval(d * 86_400) }
        var incidents: [IncidentSummary] = []
        for k in 0..<9 {
            let opened = at(Double(k) * 3 + 0.5)
            let i = Incident(id: "INC-\(k)", title: "orders late <b>\(k)</b>", severity: .sev2, state: .resolved, openedAt: opened,
                             resolvedAt: opened.addingTimeInterval(Double(k + 1) * 1_800), affectedDatasets: ["orders"],
                             causeKey: "dataset:orders", signalAt: opened.addingTimeInterval(-600), kind: .freshness,
                             resolution: k % 3 == 2 ? .noise : .fixed, causeChangeID: k % 2 == 0 ? "c\(k)" : nil)
            incidents.append(IncidentSummary(incident: i, timeline: [], stepProgress: []))
        }
        let changes = (0..<14).map { k in
            Change(id: "c\(k)", at: at(Double(k) * 2), source: "af", kind: .dagVersion, title: "v\(k)", subjects: ["dataset:orders"])
        }
        let datasets = [
            ReportDataset(name: "orders", tier: 1, target: 0.99, producedBy: "af/load", intervals: [
                FreshnessInterval(start: from, end: at(9), state: .fresh), FreshnessInterval(start: at(9), end: at(10), state: .error),
                FreshnessInterval(start: at(10), end: to, state: .fresh),
            ]),
            ReportDataset(name: "clicks", tier: 2, target: 0.95, intervals: [FreshnessInterval(start: from, end: to, state: .fresh)]),
        ]
        let runs = (0..<28).map { d in ReportRunCount(pipeline: "af/load", day: at(Double(d)), finished: 24, succeeded: 24 - d % 4) }
        let checks = (0..<28).map { d in ReportCheckCount(dataset: "orders", day: at(Double(d)), results: 10, passed: 10 - d % 3) }
        return ReliabilityReport.compute(ReliabilityInputs(from: from, to: to, incidents: incidents, changes: changes,
                                                           datasets: datasets, pipelineTiers: ["af/load": 1], runs: runs, checks: checks))
    }

    @Test func chromiumDrawsTheChartsOnAWhitePage() throws {
        let chromium = try #require(ChromiumEnvironment.chromium)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = ReportRender.html(Self.report)
        #expect(html.components(separatedBy: "<svg ").count - 1 == 5)
        let page = dir.appendingPathComponent("report.html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let png = dir.appendingPathComponent("report.png")
        let result = try ChildProcess.run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
            "--screenshot=\(png.path)", "--window-size=1200,1800", page.absoluteString,
        ], environment: ["HOME": dir.path], timeout: 120)
        try #require(result.status == 0, "chromium failed: \(result.stderr)")
        let image = try PNGImage(data: Data(contentsOf: png))
        #expect(image.width == 1200 && image.height == 1800)
        // Not blank: the page is mostly white, but not all one colour.
        let corner = image.pixel(x: 2, y: 2)
        #expect(corner == [255, 255, 255], "the page background is white (printable)")
        var differing = 0
        for y in stride(from: 0, to: image.height, by: 4) {
            for x in stride(from: 0, to: image.width, by: 4) where image.pixel(x: x, y: y) != corner { differing += 1 }
        }
        #expect(differing > 2_000, "only \(differing) sampled pixels differ from the background")
        // The charts (the first 600 px, under the title): the incident bars' red and the attainment line's blue.
        func count(_ rgb: [UInt8], in rows: Range<Int>) -> Int {
            var n = 0
            for y in rows { for x in 0..<image.width where image.pixel(x: x, y: y).elementsEqual(rgb, by: { abs(Int($0) - Int($1)) <= 12 }) { n += 1 } }
            return n
        }
        let red = count([0xC0, 0x39, 0x2B], in: 60..<700)
        let blue = count([0x24, 0x71, 0xA3], in: 60..<700)
        #expect(red > 1_000, "incident bars: \(red) red pixels in the chart region")
        #expect(blue > 100, "attainment line: \(blue) blue pixels in the chart region")
        // Below the charts are the tables: no chart colours there.
        #expect(count([0xC0, 0x39, 0x2B], in: 1_000..<1_800) == 0)
    }
}

/// An 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes), decoded with zlib: enough to look at pixels.
struct PNGImage {
    let width: Int
    let height: Int
    let channels: Int
    let pixels: [UInt8]

    struct Unsupported: Error, CustomStringConvertible { let description: String }

    init(data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count > 8, bytes[0..<8].elementsEqual([137, 80, 78, 71, 13, 10, 26, 10]) else { throw Unsupported(description: "not a PNG") }
        func u32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        var i = 8, w = 0, h = 0, colorType = 0
        var idat: [UInt8] = []
        while i + 8 <= bytes.count {
            let length = u32(i)
            let type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            let body = Array(bytes[(i + 8)..<min(bytes.count, i + 8 + length)])
            switch type {
            case "IHDR":
                w = u32(i + 8); h = u32(i + 12)
                guard body[8] == 8, body[12] == 0 else { throw Unsupported(description: "bit depth \(body[8]), interlace \(body[12])") }
                colorType = Int(body[9])
            case "IDAT": idat += body
            default: break
            }
            i += 12 + length
        }
        let channels: Int
        switch colorType {
        case 2: channels = 3
        case 6: channels = 4
        default: throw Unsupported(description: "colour type \(colorType)")
        }
        let stride = w * channels
        var raw = [UInt8](repeating: 0, count: h * (stride + 1))
        var rawLength = uLongf(raw.count)
        let status = raw.withUnsafeMutableBufferPointer { out in
            idat.withUnsafeBufferPointer { input in
                uncompress(out.baseAddress, &rawLength, input.baseAddress, uLong(input.count))
            }
        }
        guard status == Z_OK, Int(rawLength) == raw.count else { throw Unsupported(description: "zlib status \(status)") }
        // Undo each row's filter.
        var out = [UInt8](repeating: 0, count: h * stride)
        for y in 0..<h {
            let filter = raw[y * (stride + 1)]
            for x in 0..<stride {
                let v = Int(raw[y * (stride + 1) + 1 + x])
                let a = x >= channels ? Int(out[y * stride + x - channels]) : 0
                let b = y > 0 ? Int(out[(y - 1) * stride + x]) : 0
                let c = x >= channels && y > 0 ? Int(out[(y - 1) * stride + x - channels]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: throw Unsupported(description: "filter \(filter)")
                }
                out[y * stride + x] = UInt8((v + predicted) & 0xFF)
            }
        }
        self.width = w
        self.height = h
        self.channels = channels
        self.pixels = out
    }

    /// RGB of one pixel (alpha dropped).
    func pixel(x: Int, y: Int) -> [UInt8] {
        let o = (y * width + x) * channels
        return Array(pixels[o..<(o + 3)])
    }
}
