import Foundation
import Testing
@testable import VigilConfig

/// `actions:` on an Airflow source: the write credential, in the same secret forms as the read-only one, checked with
/// the config's usual problems; its secrets are never echoed.
@Suite struct ActionsConfigTests {
    static func airflow(_ actions: String) -> String {
        """
        sources:
          - name: airflow-prod
            kind: airflow
            url: http://127.0.0.1:8080
            username: vigil
            password_env: AIRFLOW_VIEWER_PASSWORD
        \(actions)
        """
    }

    @Test func aPasswordFileOrATokenBecomesTheWriteCredentialBesideTheViewer() throws {
        let password = try parsed(Self.airflow("""
                actions:
                  username: vigil-ops
                  password_file: /run/secrets/airflow-ops
            """)).sources[0]
        #expect(password.actions == ActionsCredential(username: "vigil-ops", password: .file("/run/secrets/airflow-ops")))
        #expect(password.username == "vigil" && password.password == .env("AIRFLOW_VIEWER_PASSWORD"))
        #expect(password.secrets.map(\.field) == ["password", "actions.password"])

        let token = try parsed(Self.airflow("    actions: {token_env: AIRFLOW_OPS_TOKEN}")).sources[0]
        #expect(token.actions == ActionsCredential(token: .env("AIRFLOW_OPS_TOKEN")))
        // Left out: the source takes no actions.
        #expect(try parsed(Self.airflow("")).sources[0].actions == nil)
    }

    /// (field, line, message, hint) of each problem, in order.
    private func said(_ yaml: String) -> [String] {
        problems(yaml).map { "\($0.field)@\($0.line ?? 0): \($0.message) | \($0.hint ?? "")" }
    }

    @Test func typosGetDidYouMean() {
        #expect(said(Self.airflow("    action: {username: ops, password_env: OPS}")) == [
            "sources[0].action@7: unknown key 'action' | did you mean 'actions'?"])
        #expect(said(Self.airflow("    actions: {username: ops, pasword_env: OPS}")) == [
            "sources[0].actions.pasword_env@7: unknown key 'pasword_env' | did you mean 'password_env'?",
            "sources[0].actions.password_env@7: actions: needs a credential with write rights | username: with "
                + "password_env or password_file, or token_env or token_file; leave actions: out and the source takes no actions"])
    }

    @Test func anInlinePasswordIsRefusedWithoutEchoingIt() {
        let found = problems(Self.airflow("    actions: {username: ops, password: hunter2-secret}"))
        #expect(found.first?.field == "sources[0].actions.password")
        #expect(found.first?.message == "secrets are never written in the config: use password_env or password_file")
        #expect(!found.contains { $0.description.contains("hunter2-secret") })
        let env = problems(Self.airflow("    actions: {username: ops, password_env: 'hunter2 secret'}"))
        #expect(env.map(\.message) == ["must name an environment variable (letters, digits and _), not hold the secret"])
        #expect(!env.contains { $0.description.contains("hunter2") })
    }

    @Test func aCredentialIsRequiredAndWholeOnce() {
        #expect(said(Self.airflow("    actions: {username: ops}")).map { $0.prefix(while: { $0 != "|" }) } == [
            "sources[0].actions.password_env@7: actions: needs a credential with write rights "])
        #expect(said(Self.airflow("    actions: {password_env: OPS}")) == [
            "sources[0].actions.password_env@7: a password needs 'username' too | "])
        #expect(said(Self.airflow("    actions: {username: ops, password_env: OPS, token_file: /t}")) == [
            "sources[0].actions.token_file@7: use either a token or a username and password, not both | "])
        #expect(said(Self.airflow("    actions: ops")).map { $0.prefix(while: { $0 != "|" }) } == [
            "sources[0].actions@7: expected the credential actions use (username: with password_env or password_file, "
                + "or token_env), found a single value "])
    }

    @Test func onlyAirflowSourcesTakeActions() {
        let found = problems("""
            sources:
              - {name: analytics, kind: dbt, target_dir: t, actions: {token_env: T}}
            """)
        #expect(found.map(\.message) == ["'actions' does not apply to a dbt source"])
    }

    /// `vigil check` says which secret of the write credential is missing, by its key, never its value.
    @Test func aMissingActionsSecretIsAWarningNamingItsKey() throws {
        let config = try parsed(Self.airflow("    actions: {username: ops, password_env: AIRFLOW_OPS_PASSWORD}"))
        let warnings = ConfigAudit.warnings(for: config, environment: ["AIRFLOW_VIEWER_PASSWORD": "viewer-secret"])
        #expect(warnings.map(\.field) == ["sources[0].actions.password_env"])
        #expect(warnings.first?.message.contains("AIRFLOW_OPS_PASSWORD is not set") == true)
        #expect(!warnings.contains { $0.description.contains("viewer-secret") })
    }
}
