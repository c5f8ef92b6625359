import Foundation
import VigilCore

/// One commit as `git log` printed it with `GitMapping.logFormat`.
public struct GitCommit: Sendable, Equatable {
    public var sha: String
    public var author: String
    public var at: Date
    public var subject: String
}

/// Pure mapping from `git log` output to changes. Decisions, in one place:
/// - one Change per commit, kind .commit, id "REPO:commit:BRANCH:SHA" (a commit seen again is stored once);
/// - at = the committer date (when the commit landed on the branch, not when it was first written);
/// - title = the subject line, author = the author's name (never the e-mail), ref = the full sha, both cleaned by the
///   store; subjects = the repository's `touches:`;
/// - the mark is the branch's head: the next pass reads only what came after it.
public enum GitMapping {
    /// sha, author name, committer date (strict ISO 8601), subject; fields split by US (0x1f), records by RS (0x1e).
    public static let logFormat = "%H%x1f%an%x1f%cI%x1f%s%x1e"
    /// The mark's subject: the branch's head seen last.
    static func markSubject(branch: String) -> String { "branch:" + branch }

    /// Commits in `output`, newest first as git printed them; malformed records are skipped.
    public static func commits(_ output: String) -> [GitCommit] {
        output.split(separator: "\u{1e}").compactMap { record in
            let fields = record.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\u{1f}", maxSplits: 3,
                                                                                      omittingEmptySubsequences: false)
            guard fields.count == 4, fields[0].count >= 7, fields[0].allSatisfy(\.isHexDigit),
                  let at = try? Date(String(fields[2]), strategy: .iso8601) else { return nil }
            return GitCommit(sha: String(fields[0]), author: String(fields[1]), at: at, subject: String(fields[3]))
        }
    }

    public static func change(_ commit: GitCommit, source: String, branch: String, touches: [String]) -> Change {
        let subject = commit.subject.isEmpty ? "(no subject)" : commit.subject
        return Change(id: Change.id(source: source, kind: .commit, subject: branch, ref: commit.sha), at: commit.at,
                      source: source, kind: .commit, title: "\(source) \(commit.sha.prefix(8)): \(subject)",
                      subjects: touches, ref: commit.sha, author: commit.author.isEmpty ? nil : commit.author,
                      detail: "commit \(commit.sha) on \(branch)")
    }
}
