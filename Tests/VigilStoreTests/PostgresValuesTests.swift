import Foundation
import Testing
import VigilTestSupport
@testable import VigilStore

/// How values come back from PostgreSQL: prepared and parameterised statements ask for the binary form, a simple
/// query gets text; both must read as the same `SQLValue`s.
@Suite struct PostgresValuesTests {
    /// numeric's binary form, written out as the server sends it: digit count, weight, sign, scale, base-10,000 digits.
    func numeric(weight: Int16, sign: UInt16 = 0, scale: UInt16 = 0, _ digits: [UInt16]) -> SQLValue {
        var bytes: [UInt8] = []
        func put(_ v: UInt16) { bytes += [UInt8(v >> 8), UInt8(v & 0xFF)] }
        put(UInt16(digits.count)); put(UInt16(bitPattern: weight)); put(sign); put(scale)
        digits.forEach(put)
        return bytes.withUnsafeBytes { PostgresRows.numeric($0) }
    }

    @Test func numericDigitsReadAsTheDoubleTheirTextWould() {
        #expect(numeric(weight: -1, scale: 1, [1000]) == .real(0.1))
        #expect(numeric(weight: 1, scale: 3, [1, 2345, 6780]) == .real(12345.678))
        #expect(numeric(weight: 0, sign: 0x4000, [5]) == .real(-5))
        #expect(numeric(weight: -1, sign: 0x4000, scale: 4, [1]) == .real(-0.0001))
        #expect(numeric(weight: 5, [1]) == .real(1e20))
        #expect(numeric(weight: 0, []) == .real(0))
        #expect(numeric(weight: 0, sign: 0xD000, []) == .real(.infinity))
        guard case .real(let nan) = numeric(weight: 0, sign: 0xC000, []) else { Issue.record("NaN not read"); return }
        #expect(nan.isNaN)
    }

    /// Every type the store's SQL selects, read once in binary (a prepared statement) and once as text (a simple
    /// query) from a real server.
    @Test(.enabled(if: TestStore.isPostgres, "needs VIGIL_TEST_STORE_DSN (a PostgreSQL database)"))
    func binaryAndTextReadTheSame() throws {
        let store = try freshStore()
        let sql = """
            SELECT CAST(42 AS BIGINT) AS i8, CAST(-7 AS INTEGER) AS i4, CAST(3 AS SMALLINT) AS i2,
                   CAST(0.1 AS DOUBLE PRECISION) AS f8, CAST(1.5 AS REAL) AS f4, true AS yes, false AS no,
                   CAST('\\x00ff10' AS BYTEA) AS bytes, CAST('' AS BYTEA) AS empty,
                   CAST('12345.678' AS NUMERIC) AS n1, CAST('-0.0001' AS NUMERIC) AS n2, CAST(0 AS NUMERIC) AS n3,
                   CAST('1e20' AS NUMERIC) AS n4, (SELECT avg(x) FROM (VALUES (1), (2), (2)) v(x)) AS n5,
                   CAST(1 AS BIGINT) + 1 AS sum, 'héllo ✓' AS t, CAST(NULL AS TEXT) AS nothing,
                   pg_notify('vigil_values_test', '') AS void
            """
        let (binary, text) = try (store.database as! PostgresEngine).withConnection { db in
            let prepared = try #require(try SQLRow.fetchOne(db.cachedStatement(sql: sql)))
            let simple = try #require(try SQLRow.fetchOne(db, sql: sql))
            return ((0..<prepared.count).map(prepared.value(at:)), (0..<simple.count).map(simple.value(at:)))
        }
        #expect(binary == text)
        #expect(binary[0] == .integer(42) && binary[1] == .integer(-7) && binary[2] == .integer(3))
        #expect(binary[3] == .real(0.1) && binary[4] == .real(1.5))
        #expect(binary[5] == .integer(1) && binary[6] == .integer(0))
        #expect(binary[7] == .blob(Data([0x00, 0xFF, 0x10])) && binary[8] == .blob(Data()))
        #expect(binary[9] == .real(12345.678) && binary[10] == .real(-0.0001) && binary[11] == .real(0) && binary[12] == .real(1e20))
        guard case .real(let mean) = binary[13] else { Issue.record("avg not read: \(binary[13])"); return }
        #expect(abs(mean - 5.0 / 3) < 1e-12)
        #expect(binary[14] == .integer(2) && binary[15] == .text("héllo ✓") && binary[16] == .null)
    }
}
