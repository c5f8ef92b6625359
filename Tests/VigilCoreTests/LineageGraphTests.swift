import Foundation
import Testing
@testable import VigilCore

@Suite struct LineageGraphTests {
    static func d(_ name: String) -> LineageNode { .dataset(name) }

    let graph = LineageGraph([
        LineageEdge(upstream: d("raw"), downstream: d("stg")),
        LineageEdge(upstream: d("stg"), downstream: d("dim")),
        LineageEdge(upstream: d("dim"), downstream: d("fct")),
        LineageEdge(upstream: d("other"), downstream: d("fct")),
        LineageEdge(upstream: d("raw"), downstream: d("stg")),  // duplicate edges collapse
    ])

    @Test func walksUpstreamNearestFirst() {
        #expect(graph.upstream(of: Self.d("fct")) == ["dim", "other", "stg", "raw"].map(Self.d))
        #expect(graph.directUpstream(of: Self.d("stg")) == [Self.d("raw")])
    }

    @Test func walksDownstream() {
        #expect(graph.downstream(of: Self.d("raw")) == ["stg", "dim", "fct"].map(Self.d))
        #expect(graph.downstream(of: Self.d("fct")).isEmpty)
    }

    @Test func survivesCycles() {
        let cyclic = LineageGraph([LineageEdge(upstream: Self.d("a"), downstream: Self.d("b")),
                                   LineageEdge(upstream: Self.d("b"), downstream: Self.d("a"))])
        #expect(cyclic.downstream(of: Self.d("a")) == [Self.d("b")])
    }

    /// Nodes are numbered in node order: the same edges in any order, repeated or not, make an equal graph, and a
    /// node's neighbours come in node order.
    @Test func theSameEdgesInAnyOrderMakeTheSameGraph() throws {
        let edges = [
            LineageEdge(upstream: Self.d("raw"), downstream: Self.d("stg_b")),
            LineageEdge(upstream: Self.d("raw"), downstream: Self.d("stg_a")),
            LineageEdge(upstream: .pipeline(source: "af", id: "load"), downstream: Self.d("raw")),
            LineageEdge(upstream: Self.d("stg_a"), downstream: Self.d("fct")),
        ]
        #expect(LineageGraph(edges) == LineageGraph(edges.reversed() + edges))
        #expect(LineageGraph(edges) != LineageGraph(Array(edges.dropLast())))
        #expect(LineageGraph(edges).directDownstream(of: Self.d("raw")) == ["stg_a", "stg_b"].map(Self.d))
        #expect(LineageGraph(edges).upstream(of: Self.d("fct")) == [Self.d("stg_a"), Self.d("raw"), .pipeline(source: "af", id: "load")])
        #expect(LineageGraph(edges).downstream(of: Self.d("unknown")).isEmpty)
        let graph = LineageGraph(edges)
        let fct = try #require(graph.number(of: Self.d("fct")))
        let tree = graph.upstreamTree(of: fct)
        #expect(tree.order.map(graph.node) == graph.upstream(of: Self.d("fct")))
        #expect(tree.order.map { graph.node(tree.via[Int($0)]) } == [Self.d("fct"), Self.d("stg_a"), Self.d("raw")],
                "each node with the one it was reached from")
        #expect(tree.via[Int(fct)] == fct)
        #expect(tree.via[Int(try #require(graph.number(of: Self.d("stg_b"))))] == -1, "not upstream: not reached")
        // A walk told to stop at raw goes no further up: the pipeline loading it is not reached.
        var visited: [LineageNode] = []
        let stopped = graph.upstreamTree(of: fct) { n in
            visited.append(graph.node(n))
            return graph.node(n) == Self.d("raw")
        }
        #expect(visited == [Self.d("stg_a"), Self.d("raw")])
        #expect(stopped.order.map(graph.node) == visited)
        #expect(stopped.via[Int(try #require(graph.number(of: .pipeline(source: "af", id: "load"))))] == -1)
    }

    /// A snapshot carries its edges' graph, built once: edges set or added later are walked too.
    @Test func aSnapshotsGraphFollowsItsEdges() {
        var s = PlatformSnapshot(now: Date(), lineage: [LineageEdge(upstream: Self.d("raw"), downstream: Self.d("stg"))])
        #expect(s.graph.downstream(of: Self.d("raw")) == [Self.d("stg")])
        s.lineage.append(LineageEdge(upstream: Self.d("stg"), downstream: Self.d("fct")))
        #expect(s.graph.downstream(of: Self.d("raw")) == ["stg", "fct"].map(Self.d))
        s.lineage = []
        #expect(s.graph.downstream(of: Self.d("raw")).isEmpty)
    }
}

/// The one parse/format pair of lineage nodes: the store's text must come back exactly as it was written.
@Suite struct LineageNodeTests {
    @Test(arguments: ["dataset:raw.orders", "dataset:postgres://h:5432/w/raw/payments", "dataset:", "pipeline:af/etl",
                      "pipeline:af/team/etl", "pipeline:etl", "pipeline:/x", "pipeline:af/"])
    func parsedTextFormatsBackExactly(text: String) throws {
        let node = try #require(LineageNode(parsing: text))
        #expect(node.text == text)
        let json = try JSONEncoder().encode([node])
        #expect(String(decoding: json, as: UTF8.self) == "[\"\(text.replacingOccurrences(of: "/", with: "\\/"))\"]")
        #expect(try JSONDecoder().decode([LineageNode].self, from: json) == [node])
    }

    @Test func casesAndAccessors() {
        #expect(LineageNode(parsing: "dataset:raw.orders") == .dataset("raw.orders"))
        let etl = LineageNode(parsing: "pipeline:af/team/etl")
        #expect(etl == .pipeline(source: "af", id: "team/etl"))
        #expect(etl?.pipelineReference == "af/team/etl" && etl?.pipelineID == "team/etl" && etl?.datasetName == nil)
        #expect(LineageNode(parsing: "pipeline:etl") == .pipeline(source: nil, id: "etl"))
        #expect(LineageNode(Pipeline(source: "af", pipelineID: "etl")).text == "pipeline:af/etl")
        #expect(LineageNode(pipelineReference: "af/etl") == .pipeline(source: "af", id: "etl"))
        for text in ["checks:dataset:x", "raw.orders", "Dataset:x", ""] { #expect(LineageNode(parsing: text) == nil) }
    }

    @Test func orderIsTheTextsOrder() {
        let texts = ["pipeline:af/x", "dataset:b", "pipeline:a-/b", "pipeline:a/b", "dataset:a", "pipeline:ab/c", "dataset:"]
        let nodes = texts.compactMap(LineageNode.init(parsing:))
        #expect(nodes.sorted().map(\.text) == texts.sorted())
    }
}
