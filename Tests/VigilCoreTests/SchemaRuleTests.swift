import Foundation
import Testing
import VigilCore

/// The schema rule: what changed between two looks at a table's columns, and the check and event that follow.
@Suite struct SchemaRuleTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let orders = [TableColumn(name: "id", type: "bigint", nullable: false),
                  TableColumn(name: "amount", type: "numeric", nullable: true),
                  TableColumn(name: "x", type: "integer", nullable: true)]

    func stored(_ columns: [TableColumn]) -> (signature: String, columns: String) {
        (SchemaRule.signature(columns), SchemaRule.encode(columns))
    }

    func look(_ columns: [TableColumn], stored: [TableColumn]?, lastChange: DatasetEvent? = nil,
              at: Date? = nil) -> SchemaRule.Outcome {
        SchemaRule.check(dataset: "raw.orders", columns: columns, stored: stored.map(self.stored), lastChange: lastChange,
                         at: at ?? now, source: "wh")
    }

    @Test func aChangeIsAlsoAChangeForRootCause() throws {
        let after = [TableColumn(name: "id", type: "bigint", nullable: true),
                     TableColumn(name: "amount", type: "text", nullable: true),
                     TableColumn(name: "currency", type: "text", nullable: true)]
        let outcome = look(after, stored: orders)
        let change = try #require(outcome.change)
        #expect(change.title == "raw.orders columns: id nullable, amount numeric → text, +currency, -x")
        #expect(change.kind == .schema && change.subjects == ["dataset:raw.orders"] && change.source == "wh" && change.at == now)
        #expect(change.detail == outcome.event?.text)
        #expect(change.ref?.count == 12 && change.id == "wh:schema:raw.orders:\(change.ref ?? "")")
        // A first look or no change is none.
        #expect(look(orders, stored: nil).change == nil && look(orders, stored: orders).change == nil)
    }

    @Test func eachKindOfChangeIsNamed() {
        let after = [TableColumn(name: "id", type: "bigint", nullable: false),
                     TableColumn(name: "amount", type: "text", nullable: true),
                     TableColumn(name: "discount_code", type: "text", nullable: true)]
        #expect(SchemaRule.changes(from: orders, to: after)
                == "column amount retyped numeric → text; column discount_code added (text, nullable); column x removed")
        let nullability = [TableColumn(name: "id", type: "bigint", nullable: true),
                           TableColumn(name: "amount", type: "numeric", nullable: false), orders[2]]
        #expect(SchemaRule.changes(from: orders, to: nullability) == "column id now nullable; column amount now not null")
        #expect(SchemaRule.changes(from: orders, to: [orders[1], orders[0], orders[2]]) == "columns reordered: amount, id, x")
        // A column added in the middle moves nothing else: not a reorder.
        let inserted = [orders[0], TableColumn(name: "y", type: "date", nullable: false), orders[1], orders[2]]
        #expect(SchemaRule.changes(from: orders, to: inserted) == "column y added (date, not null)")
        #expect(SchemaRule.changes(from: orders, to: orders) == nil)
        #expect(SchemaRule.changes(from: [], to: []) == nil)
    }

    @Test func manyChangesAreCounted() {
        let wide = (1...14).map { TableColumn(name: "c\($0)", type: "text", nullable: true) }
        let text = SchemaRule.changes(from: [], to: wide)
        #expect(text?.hasPrefix("column c1 added (text, nullable); column c2 added") == true)
        #expect(text?.hasSuffix("column c10 added (text, nullable); and 4 more") == true)
    }

    @Test func theFirstLookIsStoredAndPasses() {
        let outcome = look(orders, stored: nil)
        #expect(outcome.check == DataCheck(dataset: "raw.orders", name: "schema", kind: .schema, state: .pass,
                                           message: "3 columns, first look", at: now, source: "wh"))
        #expect(outcome.event == nil && outcome.store == orders)
    }

    @Test func aChangeIsAnEventAndAWarnWithTheSameText() {
        let after = orders + [TableColumn(name: "discount_code", type: "text", nullable: true)]
        let outcome = look(after, stored: orders)
        let text = "column discount_code added (text, nullable)"
        #expect(outcome.check.state == .warn && outcome.check.kind == .schema && outcome.check.message == text)
        #expect(outcome.event == DatasetEvent(dataset: "raw.orders", at: now, kind: .schemaChange, text: text, source: "wh"))
        #expect(outcome.store == after)
    }

    /// The warn holds for 24 h after the change, then the check passes again; nothing is stored meanwhile.
    @Test func theWarnHoldsForADay() {
        let change = DatasetEvent(dataset: "raw.orders", at: now, kind: .schemaChange, text: "column x removed", source: "wh")
        let held = look(orders, stored: orders, lastChange: change, at: now.addingTimeInterval(23 * 3_600))
        #expect(held.check.state == .warn && held.check.message == "column x removed")
        #expect(held.event == nil && held.store == nil)
        let later = look(orders, stored: orders, lastChange: change, at: now.addingTimeInterval(86_400))
        #expect(later.check.state == .pass && later.check.message == "3 columns, unchanged")
        #expect(look(orders, stored: orders).check.message == "3 columns, unchanged")
        #expect(look([orders[0]], stored: [orders[0]]).check.message == "1 column, unchanged")
    }

    @Test func signaturesDifferExactlyWhenColumnsDo() {
        #expect(SchemaRule.signature(orders) == "id bigint not null, amount numeric, x integer")
        #expect(SchemaRule.signature(orders) != SchemaRule.signature([orders[1], orders[0], orders[2]]))
        var retyped = orders
        retyped[1].type = "numeric(12,2)"
        #expect(SchemaRule.signature(orders) != SchemaRule.signature(retyped))
        #expect(SchemaRule.decode(SchemaRule.encode(orders)) == orders)
        #expect(SchemaRule.encode([orders[0]]) == #"[{"name":"id","nullable":false,"type":"bigint"}]"#)
    }

    /// A stored schema this build cannot read still shows a change, with the new columns.
    @Test func anUnreadableStoredSchemaStillReportsTheChange() {
        let outcome = SchemaRule.check(dataset: "raw.orders", columns: [orders[0]],
                                       stored: (signature: "something else", columns: "not json"), lastChange: nil,
                                       at: now, source: "wh")
        #expect(outcome.check.state == .warn && outcome.check.message == "columns changed: now id bigint not null")
        #expect(outcome.store == [orders[0]])
    }
}
