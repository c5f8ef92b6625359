import Foundation
import VigilApp
import VigilCore
import VigilStore
import VigilUI

/// `vigil bench console`: frame times of every pane on a large store, as the console makes them: the key press,
/// the view model (rows sorted and filtered), drawing into the cell buffer, and the backend's flush.
/// The backend is passed in (the command gives it ncurses writing to /dev/null), so this stays free of ncurses.
public struct ConsoleBenchmark {
    public struct Backend {
        public var flush: (CellBuffer) -> Void
        public var resize: (_ width: Int, _ height: Int) -> Void
        public init(flush: @escaping (CellBuffer) -> Void, resize: @escaping (Int, Int) -> Void) {
            self.flush = flush
            self.resize = resize
        }
    }

    public var store: Store
    public var sizes: [(width: Int, height: Int)] = [(120, 40), (240, 70)]
    /// Frames per measurement.
    public var frames = 200

    public init(store: Store) { self.store = store }

    public func run(backend: Backend) throws -> [Timings] {
        var out: [Timings] = []
        for size in sizes {
            backend.resize(size.width, size.height)
            let label = "\(size.width)x\(size.height)"
            let controller = ConsoleController(dataSource: StoreDataSource(store: store))
            func frame() { backend.flush(controller.render(width: size.width, height: size.height)) }
            frame()
            for pane in Pane.allCases {
                // Switching to the pane from another one: every row of it is drawn and flushed.
                var switching = Timings("\(label) \(pane.title.lowercased()) pane")
                let other: Pane = pane == .health ? .freshness : .health
                for _ in 0..<frames {
                    _ = controller.handle(.key(.char(Character(String(other.rawValue)))))
                    frame()
                    switching.measure {
                        _ = controller.handle(.key(.char(Character(String(pane.rawValue)))))
                        frame()
                    }
                }
                out.append(switching)
                // After a store change the pane's rows are rebuilt from the new snapshot (query time not included).
                var changed = Timings("\(label) \(pane.title.lowercased()) after store change")
                for _ in 0..<max(5, frames / 20) {
                    controller.reload()
                    changed.measure { frame() }
                }
                out.append(changed)
            }
            for pane in [Pane.health, .freshness] {
                _ = controller.handle(.key(.char(Character(String(pane.rawValue)))))
                frame()
                out.append(scroll(controller, label: "\(label) \(pane.title.lowercased()) scroll", frame: frame))
                out.append(filter(controller, label: "\(label) \(pane.title.lowercased()) filter typing", frame: frame))
            }
        }
        return out
    }

    /// One line down per frame, a page down every tenth, back to the top at the end of the list.
    private func scroll(_ controller: ConsoleController, label: String, frame: () -> Void) -> Timings {
        var t = Timings(label)
        for i in 0..<frames {
            t.measure {
                _ = controller.handle(.key(i % 10 == 9 ? .pageDown : .down))
                frame()
            }
        }
        _ = controller.handle(.key(.home))
        frame()
        return t
    }

    /// Types a filter a character at a time and deletes it again: each key filters every row of the pane.
    private func filter(_ controller: ConsoleController, label: String, frame: () -> Void) -> Timings {
        var t = Timings(label)
        let text = "orders_00"
        for _ in 0..<max(1, frames / (2 * text.count)) {
            _ = controller.handle(.key(.char("/")))
            for c in text { t.measure { _ = controller.handle(.key(.char(c))); frame() } }
            for _ in text { t.measure { _ = controller.handle(.key(.backspace)); frame() } }
            _ = controller.handle(.key(.escape))
            frame()
        }
        return t
    }
}
