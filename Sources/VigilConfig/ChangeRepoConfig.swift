import Foundation
import VigilCore

/// One `changes:` entry: a git repository whose commits on a branch are recorded as changes (what was deployed).
public struct ChangeRepoConfig: Sendable, Equatable {
    /// The source name its changes and status carry: `name:`, else the repository folder's name.
    public var name: String
    /// The repository's absolute path (a work tree or a bare repository); read with `git -C PATH`, never written.
    public var repo: String
    /// The branch whose commits are read (default: HEAD, what is checked out).
    public var branch: String
    /// What its commits touch, as lineage node texts ("pipeline:SOURCE/ID", "dataset:NAME"): root cause follows these.
    public var touches: [String]
    /// Seconds between reads.
    public var interval: TimeInterval

    public static let defaultBranch = "HEAD"
    public static let defaultInterval: TimeInterval = 300

    public init(name: String, repo: String, branch: String = Self.defaultBranch, touches: [String] = [],
                interval: TimeInterval = Self.defaultInterval) {
        self.name = name
        self.repo = repo
        self.branch = branch
        self.touches = touches
        self.interval = interval
    }
}
