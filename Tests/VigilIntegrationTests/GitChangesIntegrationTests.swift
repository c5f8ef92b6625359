import Foundation
import Testing
import VigilCollectors
import VigilCore
import VigilStore
import VigilTestSupport

/// A real git repository (git init in a temporary folder, real commits with the git CLI) read by the git collector:
/// its commits become changes touching what `touches:` names, only new ones on later passes; a missing branch or
/// folder is a failed pass that keeps what was recorded.
@Suite struct GitChangesIntegrationTests {
    final class Repo {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-git-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try git("init", "-q", "-b", "main")
        }
        @discardableResult
        func git(_ arguments: String...) throws -> String {
            let r = try ChildProcess.run("/usr/bin/env", ["git", "-C", path] + arguments,
                                         environment: ["GIT_AUTHOR_NAME": "Ada \u{1b}[31mLovelace", "GIT_AUTHOR_EMAIL": "ada@example.com",
                                                       "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.com"],
                                         timeout: 60)
            try #require(r.status == 0, "git \(arguments): \(r.stderr)")
            return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func commit(_ file: String, _ message: String) throws -> String {
            try Data(UUID().uuidString.utf8).write(to: URL(fileURLWithPath: path + "/" + file))
            try git("add", file)
            try git("commit", "-q", "-m", message)
            return try git("rev-parse", "HEAD")
        }
        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    @Test func commitsBecomeChangesOncePerCommit() async throws {
        let repo = try Repo()
        defer { repo.remove() }
        let first = try repo.commit("a.py", "Add payments DAG")
        let second = try repo.commit("b.py", "Payments: read currency")
        let store = try Store.inMemory()
        let collector = GitCollector(store: store, name: "dags", repo: repo.path, branch: "main",
                                     touches: ["pipeline:prod-airflow/payments_ingest"], timeout: 60)
        let firstPass = await collector.collect()
        guard case let .updated(summary) = firstPass else { Issue.record("expected an update, got \(firstPass)"); return }
        #expect(summary.commits == 2 && summary.head == second)
        var changes = try store.changes(from: .distantPast, to: .distantFuture)
        #expect(Set(changes.map(\.ref)) == [first, second])
        let latest = try #require(changes.first { $0.ref == second })
        #expect(latest.kind == .commit && latest.source == "dags")
        #expect(latest.title == "dags \(second.prefix(8)): Payments: read currency")
        #expect(latest.subjects == ["pipeline:prod-airflow/payments_ingest"])
        #expect(latest.id == "dags:commit:main:\(second)")
        // The author's name as git has it, cleaned of the escape sequence by the store.
        #expect(latest.author?.contains("\u{1b}") == false)
        #expect(latest.author?.contains("Lovelace") == true)

        // Nothing new: nothing recorded again; one new commit: only it.
        _ = await collector.collect()
        #expect(try store.changes(from: .distantPast, to: .distantFuture).count == 2)
        let third = try repo.commit("c.py", "Revert currency")
        let thirdPass = await collector.collect()
        guard case let .updated(s3) = thirdPass else { Issue.record("expected an update, got \(thirdPass)"); return }
        #expect(s3.commits == 1)
        changes = try store.changes(from: .distantPast, to: .distantFuture)
        #expect(changes.count == 3 && changes.contains { $0.ref == third })
    }

    @Test func missingBranchOrFolderFailsAndKeepsWhatWasRecorded() async throws {
        let repo = try Repo()
        defer { repo.remove() }
        _ = try repo.commit("a.py", "First")
        let store = try Store.inMemory()
        _ = await GitCollector(store: store, name: "dags", repo: repo.path, branch: "main", timeout: 60).collect()
        let wrongBranch = await GitCollector(store: store, name: "dags", repo: repo.path, branch: "release", timeout: 60).collect()
        guard case let .failed(error) = wrongBranch else { Issue.record("expected a failure, got \(wrongBranch)"); return }
        #expect(error == .branchNotFound(source: "dags", branch: "release", path: repo.path))
        #expect(error.description == "repository 'dags': no branch 'release' in \(repo.path)")
        let status = try #require(try store.snapshot().sources.first { $0.name == "dags" })
        #expect(status.health == .down && status.kind == .git)
        #expect(try store.changes(from: .distantPast, to: .distantFuture).count == 1)

        let gone = await GitCollector(store: store, name: "dags", repo: repo.path + "-gone", timeout: 60).collect()
        guard case let .failed(missing) = gone else { Issue.record("expected a failure, got \(gone)"); return }
        #expect(missing == .repoNotFound(source: "dags", path: repo.path + "-gone"))
        let notRepo = FileManager.default.temporaryDirectory.path
        let plain = await GitCollector(store: store, name: "dags", repo: notRepo, timeout: 60).collect()
        guard case let .failed(notGit) = plain else { Issue.record("expected a failure, got \(plain)"); return }
        #expect(notGit == .notARepository(source: "dags", path: notRepo))
    }
}
