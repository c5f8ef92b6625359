import Foundation
@testable import VigilConfig

/// Test environment: a fixed home so `~` expansion is predictable.
let testEnvironment = ["HOME": "/home/alice"]
let testFile = "/etc/vigil/vigil.yaml"

/// The problems a config text has, or [] when it is valid.
func problems(_ yaml: String) -> [ConfigProblem] {
    switch ConfigLoader.parse(yaml: yaml, file: testFile, environment: testEnvironment) {
    case .success: return []
    case .failure(let invalid): return invalid.problems
    }
}

func parsed(_ yaml: String) throws -> VigilConfiguration {
    try ConfigLoader.parse(yaml: yaml, file: testFile, environment: testEnvironment).get()
}

/// A fresh directory under the system temp folder, removed by the caller's `defer`.
func makeTemporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("vigil-config-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func writeFile(_ path: String, _ text: String, mode: Int = 0o600) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
}
