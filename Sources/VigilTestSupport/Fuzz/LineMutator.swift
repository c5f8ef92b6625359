/// Line-level edits for YAML and Markdown: what a careless edit, a bad merge or a paste does to a file.
enum LineMutator {
    static func mutate(_ text: String, _ rng: inout SplitMix64) -> (text: String, what: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.isEmpty { lines = [""] }
        let i = rng.below(lines.count)
        switch rng.below(13) {
        case 0:
            lines.remove(at: i)
            return (join(lines), "drop line \(i + 1)")
        case 1:
            lines.insert(lines[i], at: i)
            return (join(lines), "duplicate line \(i + 1)")
        case 2:
            let j = rng.below(lines.count)
            lines.swapAt(i, j)
            return (join(lines), "swap lines \(i + 1) and \(j + 1)")
        case 3:
            let shift = rng.below(5) + 1
            if rng.oneIn(2) { lines[i] = String(repeating: " ", count: shift) + lines[i] }
            else { lines[i] = String(lines[i].dropFirst(min(shift, lines[i].prefix { $0 == " " }.count))) }
            return (join(lines), "break indentation of line \(i + 1)")
        case 4:
            lines[i] = "\t" + lines[i]
            return (join(lines), "tab before line \(i + 1)")
        case 5:
            lines[i] += rng.oneIn(2) ? " \"unterminated" : " 'unterminated"
            return (join(lines), "unterminated quote on line \(i + 1)")
        case 6:
            // An anchor on one value and aliases to it elsewhere: legal YAML that is easy to mishandle.
            lines[i] += " &anchor"
            let j = rng.below(lines.count)
            lines.insert(lines[j].prefix { $0 == " " } + "alias: *anchor", at: j)
            return (join(lines), "anchor on line \(i + 1), alias at \(j + 1)")
        case 7:
            lines.insert(contentsOf: HostileInputs.yamlAliasBomb.split(separator: "\n").map(String.init), at: i)
            return (join(lines), "alias bomb at line \(i + 1)")
        case 8:
            lines[i] += " *nowhere"
            return (join(lines), "alias to an undefined anchor on line \(i + 1)")
        case 9:
            let markers = ["---", "...", "```", "~~~", "- [ ]", "## 1.", "#", "? ", ": ", "- - -", "%TAG ! !x", "|", ">"]
            let marker = rng.pick(markers)
            lines.insert(marker, at: i)
            return (join(lines), "insert '\(marker)' at line \(i + 1)")
        case 10:
            let colon = lines[i].firstIndex(of: ":")
            if let colon { lines[i].remove(at: colon) } else { lines[i] += ":" }
            return (join(lines), "toggle ':' on line \(i + 1)")
        case 11:
            // Units after huge numbers too: a duration or tier no integer or timer can hold.
            let value = rng.pick(["[", "{", "~", "null", "0", "-1", "99999999999999999999", "99999999999999999999d",
                                   String(repeating: "9", count: 400) + "s", "true", "\"\"", "!!binary AAA=",
                                   "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", String(repeating: "x", count: 20_000)])
            if let colon = lines[i].firstIndex(of: ":") {
                lines[i] = String(lines[i][...colon]) + " " + value
            } else {
                lines[i] += value
            }
            return (join(lines), "set the value on line \(i + 1) to '\(value.prefix(20))'")
        default:
            lines[i] = String(lines[i].reversed())
            return (join(lines), "reverse line \(i + 1)")
        }
    }

    private static func join(_ lines: [String]) -> String { lines.joined(separator: "\n") }
}
