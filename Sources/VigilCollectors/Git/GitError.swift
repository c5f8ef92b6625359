import Foundation
import VigilCore

/// Why a git repository of `changes:` could not be read. `description` is the source's stored error: one line,
/// bounded (git's own message is cleaned; it names paths and refs, never credentials, since Vigil only reads locally).
public enum GitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path does not exist or is not a directory.
    case repoNotFound(source: String, path: String)
    /// The directory is not a git repository.
    case notARepository(source: String, path: String)
    /// The branch (or ref) is not in the repository.
    case branchNotFound(source: String, branch: String, path: String)
    /// git ran out of time (a huge repository, a stuck file system).
    case timeout(source: String, seconds: Double)
    /// git failed otherwise, or could not be started; `reason` is its message.
    case failed(source: String, reason: String)
    /// The store's marks could not be read to plan the pass.
    case store(source: String, reason: String)

    public var source: String {
        switch self {
        case let .repoNotFound(source, _), let .notARepository(source, _), let .branchNotFound(source, _, _),
             let .timeout(source, _), let .failed(source, _), let .store(source, _):
            return source
        }
    }

    public var description: String { TextSanitizer.collapsed("repository '\(source)': " + reason) }

    public var reason: String {
        switch self {
        case let .repoNotFound(_, path): return "\(path) does not exist or is not a directory"
        case let .notARepository(_, path): return "\(path) is not a git repository"
        case let .branchNotFound(_, branch, path): return "no branch '\(branch)' in \(path)"
        case let .timeout(_, seconds): return "git did not answer within \(Int(seconds)) s"
        case let .failed(_, reason): return "git failed: \(reason)"
        case let .store(_, reason): return "could not read the last commit seen: \(reason)"
        }
    }
}
