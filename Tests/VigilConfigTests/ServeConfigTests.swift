import Foundation
import Testing
@testable import VigilConfig

/// `serve:` in vigil.yaml: what `vigil serve` listens with, and the settings it refuses.
@Suite struct ServeConfigTests {
    @Test func fullSection() throws {
        let config = try parsed("""
            serve:
              listen: 0.0.0.0:9000
              token_file: /run/secrets/vigil-serve
              max_body_bytes: 2097152
              expected_every: {airflow-prod: 1h, dbt: 1d}
            """)
        let serve = try #require(config.serve)
        #expect(serve.host == "0.0.0.0" && serve.port == 9000)
        #expect(serve.token == .file("/run/secrets/vigil-serve"))
        #expect(serve.maxBodyBytes == 2_097_152)
        #expect(serve.expectedEvery == ["airflow-prod": 3600, "dbt": 86400])
        #expect(serve.refusal == nil)
    }

    @Test func loopbackWithoutTokenOnlyWhenAllowed() throws {
        let allowed = try parsed("serve: {listen: 127.0.0.1:8765, allow_unauthenticated_loopback: true}\n")
        #expect(allowed.serve?.token == nil && allowed.serve?.maxBodyBytes == ServeConfig.defaultMaxBodyBytes)
        let missing = problems("serve: {listen: 127.0.0.1:8765}\n")
        #expect(missing.count == 1 && missing[0].message.contains("no token"))
        // Off loopback, the flag does not help: anyone who reaches the port could write.
        let open = problems("serve: {listen: 0.0.0.0:8765, allow_unauthenticated_loopback: true}\n")
        #expect(open.count == 1 && open[0].message.contains("needs a token"))
        #expect(ServeConfig.parseListen("[::1]:8765")! == ("::1", 8765))
        #expect(ServeConfig.isLoopback("::1") && ServeConfig.isLoopback("localhost") && !ServeConfig.isLoopback("10.0.0.1"))
    }

    @Test func mistakes() {
        let typo = problems("serve:\n  listen: 127.0.0.1:8765\n  token_env: T\n  max_body_byte: 10\n")
        #expect(typo.map(\.message) == ["unknown key 'max_body_byte'"])
        #expect(typo.first?.hint == "did you mean 'max_body_bytes'?")
        #expect(typo.first?.line == 4)
        let inline = problems("serve:\n  token: s3cret\n")
        #expect(inline.contains { $0.message.contains("secrets are never written in the config") })
        #expect(!inline.contains { $0.message.contains("s3cret") || ($0.hint ?? "").contains("s3cret") })
        #expect(problems("serve: {listen: 8765, token_env: T}\n").first?.message == "'8765' is not HOST:PORT")
        #expect(problems("serve: {listen: 127.0.0.1:99999, token_env: T}\n").first?.message == "'127.0.0.1:99999' is not HOST:PORT")
        #expect(problems("serve: {token_env: T, expected_every: {airflow: soon}}\n").first?.message == "'soon' is not a duration")
        // OpenLineage namespaces are pushed to serve, not polled.
        let polled = problems("sources:\n  - {name: ol, kind: openlineage}\n")
        #expect(polled.first?.message == "openlineage is not a polled source")
    }

    /// `serve.metrics`: the cardinality cap of /metrics, with the same did-you-mean as every other key.
    @Test func metricsBlock() throws {
        let set = try parsed("serve: {token_env: T, metrics: {max_datasets: 200}}\n")
        #expect(set.serve?.metricsMaxDatasets == 200)
        #expect(try parsed("serve: {token_env: T}\n").serve?.metricsMaxDatasets == 5_000)
        let typo = problems("serve:\n  token_env: T\n  metrics:\n    max_dataset: 10\n")
        #expect(typo.map(\.message) == ["unknown key 'max_dataset'"])
        #expect(typo.first?.hint == "did you mean 'max_datasets'?" && typo.first?.line == 4)
        #expect(problems("serve: {token_env: T, metric: {max_datasets: 1}}\n").first?.hint == "did you mean 'metrics'?")
        #expect(problems("serve: {token_env: T, metrics: {max_datasets: -1}}\n").first?.message == "must be 0 or more")
        #expect(problems("serve: {token_env: T, metrics: 5}\n").count == 1)
    }
}
