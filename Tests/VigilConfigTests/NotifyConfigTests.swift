import Foundation
import Testing
@testable import VigilConfig
import VigilCore

/// `notify:` in vigil.yaml: targets, routes, resend_every, and the mistakes it names with file:line.
@Suite struct NotifyConfigTests {
    let full = """
        notify:
          resend_every: 30s
          targets:
            - name: am
              kind: alertmanager
              url: http://127.0.0.1:9093
              username: vigil
              password_env: AM_PASSWORD
            - name: chat
              kind: webhook
              url: https://hooks.example.com/vigil
              secret_file: /run/secrets/hook
              timeout: 5s
          routes:
            - kinds: [freshness, pipeline]
              severities: [sev1, sev2]
              tiers: [1]
              targets: [am, chat]
            - kinds: [data_correctness]
              targets: chat
        """

    @Test func fullSection() throws {
        let notify = try #require(try parsed(full).notify)
        #expect(notify.resendEvery == 30)
        #expect(notify.targets == [
            NotifyConfig.Target(name: "am", kind: .alertmanager, url: URL(string: "http://127.0.0.1:9093")!, username: "vigil",
                                password: .env("AM_PASSWORD")),
            NotifyConfig.Target(name: "chat", kind: .webhook, url: URL(string: "https://hooks.example.com/vigil")!,
                                secret: .file("/run/secrets/hook"), timeout: 5),
        ])
        #expect(notify.routes == [
            NotifyConfig.Route(kinds: [.freshness, .pipeline], severities: [.sev1, .sev2], tiers: [1], targets: ["am", "chat"]),
            NotifyConfig.Route(kinds: [.correctness], targets: ["chat"]),
        ])
        #expect(notify.targets(kind: .pipeline, severity: .sev2, tier: 1).map(\.name) == ["am", "chat"])
        #expect(notify.targets(kind: .pipeline, severity: .sev3, tier: 1).isEmpty)
        #expect(notify.targets(kind: .freshness, severity: .sev1, tier: 2).isEmpty)
        #expect(notify.targets(kind: .correctness, severity: .sev4, tier: 3).map(\.name) == ["chat"])
        // An incident opened by hand has no kind: only routes without kinds: take it.
        #expect(notify.targets(kind: nil, severity: .sev1, tier: 1).isEmpty)
    }

    @Test func defaultsWithoutRoutesSendEverythingEverywhere() throws {
        let notify = try #require(try parsed("""
            notify:
              targets:
                - {name: am, kind: alertmanager, url: "http://127.0.0.1:9093"}
            """).notify)
        #expect(notify.resendEvery == NotifyConfig.defaultResendEvery)
        #expect(notify.targets[0].timeout == NotifyConfig.defaultTimeout)
        #expect(notify.targets(kind: nil, severity: .sev4, tier: nil).map(\.name) == ["am"])
    }

    @Test func typosGetDidYouMeanWithTheirLine() {
        let found = problems("""
            notify:
              resend_evry: 30s
              targets:
                - name: am
                  kind: alertmanagr
                  url: http://127.0.0.1:9093
                - name: hook
                  kind: webhook
                  url: http://127.0.0.1:9000
                  secret_evn: HOOK_SECRET
              routes:
                - severities: [sev2, sev9]
                  kinds: [freshnes]
                  targets: [hok]
            """)
        let text = found.map(\.description)
        #expect(text.contains("/etc/vigil/vigil.yaml:2: notify.resend_evry: unknown key 'resend_evry' (did you mean 'resend_every'?)"))
        #expect(text.contains { $0.hasPrefix("/etc/vigil/vigil.yaml:5: notify.targets[0].kind: unknown kind 'alertmanagr' (did you mean 'alertmanager'?") })
        #expect(text.contains("/etc/vigil/vigil.yaml:10: notify.targets[1].secret_evn: unknown key 'secret_evn' (did you mean 'secret_env'?)"))
        #expect(text.contains { $0.hasPrefix("/etc/vigil/vigil.yaml:12: notify.routes[0].severities[1]: unknown severity 'sev9'") })
        #expect(text.contains { $0.hasPrefix("/etc/vigil/vigil.yaml:13: notify.routes[0].kinds[0]: unknown incident kind 'freshnes' (did you mean 'freshness'?") })
        #expect(text.contains { $0.hasPrefix("/etc/vigil/vigil.yaml:14: notify.routes[0].targets[0]: no target named 'hok' (did you mean 'hook'?") })
    }

    @Test func badValuesAndSecretsNamedWithoutEchoingThem() {
        let found = problems("""
            notify:
              resend_every: 10m
              targets:
                - name: hook
                  kind: webhook
                  url: ftp://example.com
                  secret: hunter2
                  password_env: X
                - name: hook
                  kind: alertmanager
            """)
        let text = found.map(\.description).joined(separator: "\n")
        #expect(text.contains(":2: notify.resend_every: must be between 5s and 4m59s"))
        #expect(text.contains(":6: notify.targets[0].url: 'ftp://example.com' is not an http(s) URL"))
        #expect(text.contains(":7: notify.targets[0].secret: secrets are never written in the config: use secret_env or secret_file"))
        #expect(!text.contains("hunter2"))
        #expect(text.contains(":8: notify.targets[0].password_env: 'password_env' does not apply to a webhook target"))
        #expect(text.contains(":9: notify.targets[1].name: duplicate target name 'hook' (first used on line 4)"))
        #expect(text.contains("notify.targets[1].url: a target needs 'url'"))
    }
}
