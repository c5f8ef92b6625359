import Foundation
import VigilCore
import Yams

extension ConfigParser {
    /// `changes: [{repo: PATH, branch: main, name: NAME, touches: [SOURCE/PIPELINE or DATASET, ...]}]`.
    mutating func changes(_ field: Field, sources: [DeclaredSource]) -> [ChangeRepoConfig] {
        if field.value.isNull { return [] }
        let example = "e.g. - {repo: ~/src/dags, branch: main, touches: [prod-airflow/payments_ingest, raw.payments]}"
        guard let items = field.value.sequence else {
            problem(at: field.value, field.path, "expected a list of repositories, found \(field.value.kindDescription)",
                    hint: example)
            return []
        }
        var result: [ChangeRepoConfig] = []
        var firstLine: [String: Int] = [:]
        for source in sources { firstLine[source.name] = 0 }
        for (index, item) in items.enumerated() {
            guard let fields = fields(of: item, path: "\(field.path)[\(index)]", expected: "a repository (repo:, branch:, ...)")
            else { continue }
            checkKeys(fields, allowed: ConfigKeys.changeRepo)
            guard let repoField = fields["repo"] else {
                missing("repo", in: fields, "every entry of changes: needs a 'repo'", hint: example)
                continue
            }
            guard let repo = path(repoField) else { continue }
            let branch = fields["branch"].flatMap { string($0) } ?? ChangeRepoConfig.defaultBranch
            let interval = fields["interval"].flatMap { duration($0) } ?? ChangeRepoConfig.defaultInterval
            let touches = fields["touches"].map { self.touches($0, sources: sources) } ?? []
            var name = URL(fileURLWithPath: repo).lastPathComponent
            if name.hasSuffix(".git") { name = String(name.dropLast(4)) }
            var nameNode: Node? = repoField.value
            var namePath = repoField.path
            if let f = fields["name"] {
                guard let text = string(f) else { continue }
                name = text
                nameNode = f.value
                namePath = f.path
            }
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
                problem(at: nameNode, namePath, "'\(name)' is not a valid name for the repository's changes",
                        hint: "set name: with letters, digits, '.', '_' and '-'")
                continue
            }
            if let first = firstLine[name] {
                let hint = first == 0 ? "a source has that name; set name: to another" : "first used on line \(first)"
                problem(at: nameNode, namePath, "duplicate name '\(name)'", hint: hint)
                continue
            }
            firstLine[name] = nameNode?.mark?.line ?? 0
            result.append(ChangeRepoConfig(name: name, repo: repo, branch: branch, touches: touches, interval: interval))
        }
        return result
    }

    /// `touches:`: SOURCE/PIPELINE (a declared source's pipeline) or a dataset name; one value or a list. As lineage
    /// node texts.
    private mutating func touches(_ field: Field, sources: [DeclaredSource]) -> [String] {
        let hint = "e.g. touches: [prod-airflow/payments_ingest, raw.payments]"
        let items: [Node]
        if field.value.scalar != nil {
            items = [field.value]
        } else if let list = field.value.sequence {
            items = Array(list)
        } else {
            problem(at: field.value, field.path, "expected a list of pipelines and datasets, found \(field.value.kindDescription)",
                    hint: hint)
            return []
        }
        var nodes: [String] = []
        for (index, item) in items.enumerated() {
            let path = field.value.sequence == nil ? field.path : "\(field.path)[\(index)]"
            guard let scalar = item.scalar, !item.isNull, !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty else {
                problem(at: item, path, "must be a pipeline (SOURCE/ID) or a dataset name, not \(item.kindDescription)", hint: hint)
                continue
            }
            let text = scalar.string.trimmingCharacters(in: .whitespaces)
            if let node = LineageNode(parsing: text) {
                nodes.append(node.text)
            } else if let ref = PipelineReference(text), sources.contains(where: { $0.name == ref.source }) {
                nodes.append(LineageNode.pipeline(source: ref.source, id: ref.pipelineID).text)
            } else if let ref = PipelineReference(text), !text.contains("://"),
                      let guess = DidYouMean.suggest(ref.source, among: sources.map(\.name)) {
                // SOURCE/ID with a misspelt source: a dataset would never match, so say so.
                problem(at: item, path, "unknown source '\(ref.source)' in '\(text)'", hint: "did you mean '\(guess)'?")
            } else {
                nodes.append(LineageNode.dataset(text).text)
            }
        }
        return nodes
    }
}
