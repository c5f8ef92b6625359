import Foundation
import Testing
@testable import VigilCollectors
import VigilStore

/// Connection strings and passwords never leave the collector: not in errors, notes or stored query text.
@Suite struct PostgresSecretsTests {
    @Test func theDSNAndItsPasswordAreMaskedWhereverTheyAppear() {
        let dsn = "postgresql://vigil:Pa55-w0rd@db.internal:5432/warehouse"
        let secrets = PostgresSecrets([dsn, "Pa55-w0rd"])
        #expect(secrets.scrub("could not use \(dsn)") == "could not use ***")
        #expect(secrets.scrub("password Pa55-w0rd rejected") == "password *** rejected")
        #expect(!secrets.scrub("x Pa55-w0rd y \(dsn)").contains("Pa55-w0rd"))
    }

    /// libpq may echo a URI's password percent-encoded or decoded.
    @Test func percentEncodedFormsAreMaskedToo() {
        let secrets = PostgresSecrets(["p@ss word"])
        #expect(secrets.scrub("token \"p%40ss%20word\"") == "token \"***\"")
        #expect(secrets.scrub("token p@ss word") == "token ***")
        let encoded = PostgresSecrets(["p%40ss"])
        #expect(encoded.scrub("p@ss and p%40ss") == "*** and ***")
    }

    @Test func passwordShapedFragmentsAreMaskedWhoeverTheyBelongTo() {
        let cases: [(String, String)] = [
            ("CREATE ROLE dbt LOGIN PASSWORD 'dbt'", "CREATE ROLE dbt LOGIN PASSWORD '***'"),
            ("alter user x with encrypted password 'it''s'", "alter user x with encrypted password '***'"),
            ("ALTER ROLE x PASSWORD E'a\\'b'", "ALTER ROLE x PASSWORD '***'"),
            ("dblink('host=h password=hunter2 dbname=d', 'select 1')", "dblink('host=h password=*** dbname=d', 'select 1')"),
            ("password = 'two words' user=u", "password = *** user=u"),
            ("postgresql://app:hunter2@h/db", "postgresql://app:***@h/db"),
            ("see postgres://u:p@h:5/d and more", "see postgres://u:***@h:5/d and more"),
        ]
        for (text, masked) in cases {
            #expect(PostgresSecrets([]).scrub(text) == masked, "\(text)")
        }
    }

    @Test func ordinaryTextIsLeftAlone() {
        let text = "UPDATE raw.orders SET status='locked' WHERE id=1"
        #expect(PostgresSecrets(["s3cret"]).scrub(text) == text)
        #expect(PostgresSecrets([]).scrub("password authentication failed for user \"vigil\"")
            == "password authentication failed for user \"vigil\"")
    }

    @Test func cleanTextIsOneBoundedLine() {
        let cleaned = PostgresSecrets(["s3cret"]).clean("FATAL:  s3cret\n  DETAIL: \u{1B}[31mred\u{07}", limit: 40)
        #expect(cleaned == "FATAL: *** DETAIL: red")
        #expect(PostgresSecrets([]).clean(String(repeating: "x", count: 500), limit: 10).count == 10)
    }

    @Test func conninfoNamesTheEndpointNotThePassword() throws {
        let uri = try PostgresConninfo("postgresql://vigil:s3cret@db.internal:6543/warehouse")
        #expect(uri.password == "s3cret")
        #expect(uri.endpoint(environment: [:]) == "db.internal:6543")
        let keywords = try PostgresConninfo("host=10.0.0.5 user=vigil password='a b' dbname=w")
        #expect(keywords.password == "a b")
        #expect(keywords.endpoint(environment: [:]) == "10.0.0.5:5432")
        #expect(keywords.endpoint(environment: ["PGPORT": "7777"]) == "10.0.0.5:7777")
        let socket = try PostgresConninfo("dbname=w")
        #expect(socket.endpoint(environment: [:]) == "socket /var/run/postgresql:5432")
        #expect(socket.endpoint(environment: ["PGHOST": "pg.example", "PGPORT": "5433"]) == "pg.example:5433")
        let options = try PostgresConninfo("postgresql://h/w?options=-c%20search_path%3Dmart")
        #expect(options.options["options"] == "-c search_path=mart")
    }

    /// libpq quotes the offending fragment of a string it cannot parse, and that fragment may be the password.
    @Test func anUnparsableConnectionStringIsReportedWithoutItsFragments() {
        let secret = "pa%zzword"
        do {
            _ = try PostgresConninfo("postgresql://vigil:\(secret)@h/w")
            Issue.record("a bad percent-encoding should not parse")
        } catch {
            #expect(!error.reason.contains(secret) && !error.reason.contains("zz"), "\(error.reason)")
            #expect(error.reason.contains("percent"), "\(error.reason)")
        }
        do {
            _ = try PostgresConninfo("host=h password secret-without-equals")
            Issue.record("a key without a value should not parse")
        } catch {
            #expect(!error.reason.contains("secret-without-equals"), "\(error.reason)")
        }
    }
}
