/// Suggests the known word a typo was probably meant to be ("intervall" → "interval").
enum DidYouMean {
    /// The closest candidate within a small edit distance, or nil when nothing is close enough
    /// to be a typo rather than a different word.
    static func suggest(_ word: String, among candidates: [String]) -> String? {
        let lowered = word.lowercased()
        // One edit per three letters, at least one: "tmeout" matches, "url" vs "api" does not.
        let limit = max(1, lowered.count / 3)
        var best: (word: String, distance: Int)?
        for candidate in candidates {
            let d = distance(lowered, candidate.lowercased())
            if d <= limit, d < (best?.distance ?? .max) { best = (candidate, d) }
        }
        return best?.word
    }

    /// Levenshtein distance (insertions, deletions, substitutions) over characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
