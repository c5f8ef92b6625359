import Foundation
import VigilCore

extension TaskLog {
    /// A log shown in the console keeps at most this many lines...
    public static let maxLines = 5_000
    /// ...and this many UTF-8 bytes of them.
    public static let maxBytes = 2 * 1_048_576

    /// The last lines within the caps (a task log ends where it failed), with a note saying how much was cut.
    public static func tail(_ lines: [String], maxLines: Int = maxLines, maxBytes: Int = maxBytes) -> TaskLog {
        let kept = fitting(lines.reversed(), maxLines: maxLines, maxBytes: maxBytes)
        return TaskLog(lines: Array(lines.suffix(kept)), truncationNote: note(lines, kept: kept, first: false))
    }

    /// The first lines within the caps (compiled SQL reads from its top), with a note saying how much was cut.
    public static func head(_ lines: [String], maxLines: Int = maxLines, maxBytes: Int = maxBytes) -> TaskLog {
        let kept = fitting(lines, maxLines: maxLines, maxBytes: maxBytes)
        return TaskLog(lines: Array(lines.prefix(kept)), truncationNote: note(lines, kept: kept, first: true))
    }

    /// How many of `lines`, taken in their order, fit. A single line over the byte cap is not kept: the note says so.
    private static func fitting(_ lines: some Sequence<String>, maxLines: Int, maxBytes: Int) -> Int {
        var count = 0, bytes = 0
        for line in lines {
            let size = line.utf8.count + 1
            guard count < maxLines, bytes + size <= maxBytes else { break }
            bytes += size
            count += 1
        }
        return count
    }

    private static func note(_ lines: [String], kept: Int, first: Bool) -> String? {
        guard kept < lines.count else { return nil }
        let cut = first ? lines.dropFirst(kept) : lines.dropLast(kept)
        let bytes = cut.reduce(0) { $0 + $1.utf8.count + 1 }
        return "showing the \(first ? "first" : "last") \(grouped(kept)) of \(grouped(lines.count)) lines: "
            + "\(grouped(lines.count - kept)) lines (\(size(bytes))) cut"
    }

    /// 12345 -> "12,345".
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// Bytes as "812 B", "3.4 KB", "1.2 MB".
    static func size(_ bytes: Int) -> String {
        if bytes < 1_024 { return "\(bytes) B" }
        if bytes < 1_048_576 { return String(format: "%.1f KB", Double(bytes) / 1_024) }
        return String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}
