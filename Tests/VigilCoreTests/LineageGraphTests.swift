import Testing
@testable import VigilCore

@Suite struct LineageGraphTests {
    let graph = LineageGraph([
        LineageEdge(upstream: "raw", downstream: "stg"),
        LineageEdge(upstream: "stg", downstream: "dim"),
        LineageEdge(upstream: "dim", downstream: "fct"),
        LineageEdge(upstream: "other", downstream: "fct"),
        LineageEdge(upstream: "raw", downstream: "stg"),  // duplicate edges collapse
    ])

    @Test func walksUpstreamNearestFirst() {
        #expect(graph.upstream(of: "fct") == ["dim", "other", "stg", "raw"])
        #expect(graph.directUpstream(of: "stg") == ["raw"])
    }

    @Test func walksDownstream() {
        #expect(graph.downstream(of: "raw") == ["stg", "dim", "fct"])
        #expect(graph.downstream(of: "fct").isEmpty)
    }

    @Test func survivesCycles() {
        let cyclic = LineageGraph([LineageEdge(upstream: "a", downstream: "b"), LineageEdge(upstream: "b", downstream: "a")])
        #expect(cyclic.downstream(of: "a") == ["b"])
    }
}
