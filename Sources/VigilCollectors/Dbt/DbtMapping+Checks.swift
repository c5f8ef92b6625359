import Foundation
import VigilCore

/// dbt tests as data checks on the datasets they test.
extension DbtMapping {
    /// One check per test result and tested dataset, named after the test, dated when the test finished (else when
    /// the invocation did). A skipped test says nothing new; a test whose node the manifest no longer has cannot be
    /// placed on a dataset.
    static func checks(_ results: DbtRunResults, project: DbtProject, source: String) -> [DataCheck] {
        results.results.flatMap { result -> [DataCheck] in
            guard let test = project.manifest.nodes[result.uniqueID], test.resourceType == "test",
                  let state = checkState(result.status),
                  let at = result.completedAt ?? results.metadata.generatedAt else { return [] }
            let message = result.message.flatMap { $0.isEmpty ? nil : $0 }
            return project.testedDatasets(test).map {
                DataCheck(dataset: $0, name: test.name, kind: .test, state: state, failures: result.failures,
                          message: message, at: at, source: source)
            }
        }
    }

    /// Every test the manifest defines, as check ids: the checks still reported, whether or not they ran this time.
    static func definedChecks(_ project: DbtProject) -> Set<String> {
        Set(project.testNodes.flatMap { test in project.testedDatasets(test).map { DataCheck.id(dataset: $0, name: test.name) } })
    }

    /// dbt test status -> check state; nil for skipped. A status dbt may add later counts as an error, to be looked at.
    static func checkState(_ status: String) -> CheckState? {
        switch status.lowercased() {
        case "pass": return .pass
        case "warn": return .warn
        case "fail": return .fail
        case "skipped": return nil
        default: return .error
        }
    }
}
