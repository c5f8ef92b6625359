import Foundation
import VigilConfig
import VigilCore
import VigilStore

/// What one pass over a repository found.
public struct GitPollSummary: Sendable, Equatable {
    public var branch: String
    public var head: String
    /// Commits recorded as changes this pass.
    public var commits: Int
}

/// Reads the commits of one `changes:` repository's branch with the `git` CLI, read-only: a `Collector`. Bounded:
/// only the commits after the last head seen (its change mark), at most `maxCommits` a pass; the first pass (or one
/// after history was rewritten) takes the commits of the last `firstPassWindow`, at most `firstPassCommits`, as real
/// history. Each git call has `timeout`. A missing repository or branch is a failed pass: the source says why, and what
/// was recorded stays.
public final class GitCollector: Collector, @unchecked Sendable {
    public let sourceName: String
    public let repo: String
    public let branch: String
    public let touches: [String]
    public let store: Store
    public let clock: @Sendable () -> Date
    public let pacing: Pacing
    public var kind: SourceKind { .git }
    public let timeout: TimeInterval
    public static let maxCommits = 200
    public static let firstPassCommits = 50
    public static let firstPassWindow: TimeInterval = 35 * 86_400

    public init(store: Store, name: String, repo: String, branch: String = ChangeRepoConfig.defaultBranch,
                touches: [String] = [], interval: TimeInterval = ChangeRepoConfig.defaultInterval, timeout: TimeInterval = 20,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        sourceName = name
        self.repo = repo
        self.branch = branch
        self.touches = touches
        self.timeout = timeout
        self.clock = clock
        pacing = Pacing(interval: interval, maxBackoff: max(interval, 900))
    }

    public convenience init(store: Store, config: ChangeRepoConfig) {
        self.init(store: store, name: config.name, repo: config.repo, branch: config.branch, touches: config.touches,
                  interval: config.interval)
    }

    public func describe(_ s: GitPollSummary) -> String {
        s.commits == 0 ? "\(s.branch) at \(s.head.prefix(8)), no new commits"
            : "\(s.commits) new commit\(s.commits == 1 ? "" : "s") on \(s.branch) (head \(s.head.prefix(8)))"
    }

    public func poll(now: Date) async -> SourcePass<GitPollSummary, GitError> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: repo, isDirectory: &isDirectory), isDirectory.boolValue else {
            return .failed(.repoNotFound(source: sourceName, path: repo))
        }
        let marks: [String: String]
        do {
            marks = try store.changeMarks(source: sourceName)
        } catch {
            return .failed(.store(source: sourceName, reason: "\(error)"))
        }
        let head: String
        switch git(["rev-parse", "--verify", "--quiet", branch + "^{commit}"]) {
        case let .success(out): head = out.trimmingCharacters(in: .whitespacesAndNewlines)
        case let .failure(error): return .failed(error)
        }
        let markSubject = GitMapping.markSubject(branch: branch)
        let last = marks[markSubject]
        var data = SourceData()
        data.changeMarks = [markSubject: head]
        if last == head { return .read(data, summary: GitPollSummary(branch: branch, head: head, commits: 0)) }
        var arguments = ["log", "--no-color", "--format=" + GitMapping.logFormat]
        if let last, case .success = git(["merge-base", "--is-ancestor", last, head]) {
            arguments += ["-n", "\(Self.maxCommits)", "\(last)..\(head)"]
        } else {
            let since = Int(now.addingTimeInterval(-Self.firstPassWindow).timeIntervalSince1970)
            arguments += ["-n", "\(Self.firstPassCommits)", "--since=@\(since)", head]
        }
        switch git(arguments) {
        case let .success(out):
            data.changes = GitMapping.commits(out).map {
                GitMapping.change($0, source: sourceName, branch: branch, touches: touches)
            }
        case let .failure(error):
            return .failed(error)
        }
        return .read(data, summary: GitPollSummary(branch: branch, head: head, commits: data.changes.count))
    }

    /// One read-only git call in the repository: its output, or why it failed.
    private func git(_ arguments: [String]) -> Result<String, GitError> {
        let out = GitCommand.run(["-C", repo] + arguments, timeout: timeout)
        if out.succeeded { return .success(out.stdout) }
        guard let status = out.exitStatus else {
            if out.stderr.hasPrefix("could not start") { return .failure(.failed(source: sourceName, reason: out.stderr)) }
            return .failure(.timeout(source: sourceName, seconds: timeout))
        }
        let message = out.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        if message.contains("not a git repository") { return .failure(.notARepository(source: sourceName, path: repo)) }
        // rev-parse --verify --quiet says nothing and exits 1 for an unknown ref; merge-base exits 1 for "no".
        if status == 1, message.isEmpty, arguments.first == "rev-parse" {
            return .failure(.branchNotFound(source: sourceName, branch: branch, path: repo))
        }
        return .failure(.failed(source: sourceName, reason: message.isEmpty ? "exit \(status)" : String(message.prefix(300))))
    }
}
