import VigilCore

/// The line of an error message worth showing in a one-line column: for a Python traceback that is the
/// exception at the end ("requests.exceptions.HTTPError: 503 ..."), not "Traceback (most recent call last):".
public enum ErrorSummary {
    public static func headline(_ message: String) -> String {
        let lines = TextSanitizer.clean(message).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard let first = lines.first else { return "" }
        if first.hasPrefix("Traceback"), let last = lines.last { return last }
        return first
    }
}
