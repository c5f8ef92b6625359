import Foundation
import Hummingbird
import NIOCore
import VigilCore
import VigilStore

/// `GET /metrics`: the store as Prometheus text exposition format 0.0.4 (`MetricsExposition`), one `Store.snapshot`
/// per scrape. Behind the server's bearer auth like every route (Prometheus: `authorization: {credentials_file: F}`).
/// When the store cannot be read the answer is 503 with a reason that names no path or secret (the store's own error
/// goes to the server's log), and the server keeps serving: the next scrape tries again.
public struct MetricsRoutes: ServerRoutes {
    public static let path = "/metrics"

    /// Opens the store on the first scrape that needs it (with `--metrics-only` the store may not exist yet when the
    /// server starts); touched only on `queue`.
    final class Opened: @unchecked Sendable {
        var store: Store?
    }

    let open: @Sendable () throws -> Store
    let maxDatasets: Int
    let log: @Sendable (String) -> Void
    let opened = Opened()
    /// Snapshots block: they run here, one at a time (two scrapes at once would read the store twice at once).
    let queue = DispatchQueue(label: "vigil-metrics-scrapes")

    public init(maxDatasets: Int, log: @escaping @Sendable (String) -> Void, open: @escaping @Sendable () throws -> Store) {
        self.open = open
        self.maxDatasets = maxDatasets
        self.log = log
    }

    public func add(to router: Router<BasicRequestContext>, settings: ServerSettings) {
        router.get(RouterPath(stringLiteral: Self.path)) { _, _ in
            await self.handle()
        }
    }

    func handle() async -> Response {
        let result = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: scrape()) }
        }
        switch result {
        case let .success(text):
            return Response(status: .ok, headers: [.contentType: MetricsExposition.contentType],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        case let .failure(reason):
            return VigilHTTPServer.error(.serviceUnavailable, reason.text)
        }
    }

    struct Unavailable: Error {
        let text: String
    }

    /// The exposition, or why not. After a failed read the store is opened again on the next scrape (a file put back).
    func scrape() -> Result<String, Unavailable> {
        let store: Store
        do {
            store = try opened.store ?? open()
            opened.store = store
        } catch {
            log("metrics: could not open the store: \(error)")
            return .failure(Unavailable(text: "the store could not be opened; the server's log says why"))
        }
        do {
            // A store deleted or replaced under the server would still read as its old file: say so instead.
            try store.checkFile()
            return .success(MetricsExposition.render(try store.snapshot(), maxDatasets: maxDatasets))
        } catch {
            opened.store = nil
            log("metrics: could not read the store: \(error)")
            return .failure(Unavailable(text: "the store could not be read; the server's log says why"))
        }
    }
}
