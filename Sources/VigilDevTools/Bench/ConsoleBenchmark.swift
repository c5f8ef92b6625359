import Foundation
import VigilApp
import VigilCore
import VigilStore
import VigilUI

/// `vigil bench console`: frame times of every pane on a large store, as the console makes them: the key press
/// (`Console.update`), the view model (rows sorted and filtered), drawing (`Console.render`), and the backend's
/// flush; and the time from an action key (a, n + Enter, S, : + Enter) to the next frame, with the action's
/// effects (the store write and the re-read) run afterwards, off the clock, as the runtime runs them off the UI thread.
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

    /// A console over the store whose effects run when `settle` is called, not when a key is pressed.
    final class Bench {
        var state: ConsoleState
        let services: ConsoleServices
        var pending: [ConsoleEffect] = []
        let width: Int, height: Int
        let backend: Backend

        init(store: Store, width: Int, height: Int, backend: Backend) {
            services = ConsoleServices(data: StoreDataSource(store: store), incidents: StoreActionSink(store: store, actor: "bench"), actor: "bench")
            state = ConsoleState(capabilities: services.capabilities(sources: []))
            self.width = width
            self.height = height
            self.backend = backend
            pending = Console.start(&state)
            _ = Console.update(&state, .input(.resize(width: width, height: height)))
            settle()
        }

        /// The key's update and the frame after it: what the engineer waits for.
        func key(_ key: Key) {
            pending += Console.update(&state, .input(.key(key)))
            frame()
            _ = state.takeRetired()
        }

        func frame() {
            let f = Console.render(state, width: width, height: height)
            backend.flush(f.buffer)
            if f.layout != state.layout { _ = Console.update(&state, .drawn(f.layout)) }
        }

        /// Runs the effects asked for so far (reads, writes) and applies their results as the runtime does: each
        /// effect on a background queue, and the data a read replaced freed on another. Run on the bench's own
        /// thread instead, a 20,000-dataset read and free left that thread's allocator with work that the next
        /// frame paid for (S measured 5-8 ms in the flush the first time and under 1 ms the same flush again).
        func settle() {
            while !pending.isEmpty {
                let effect = pending.removeFirst()
                nonisolated(unsafe) let services = self.services
                if let event = Self.offThread(effects, { ConsoleEffects.run(effect, with: services) }) {
                    pending += Console.update(&state, event)
                }
                if let old = state.takeRetired() { Self.offThread(.global(qos: .utility)) { withExtendedLifetime(old) {} } }
            }
        }

        private let effects = DispatchQueue(label: "vigil.bench.effects")

        /// Runs `body` on `queue` (never inline, as `sync` may) and waits for it.
        private static func offThread<T: Sendable>(_ queue: DispatchQueue, _ body: @escaping @Sendable () -> T) -> T {
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var result: T?
            queue.async {
                result = body()
                done.signal()
            }
            done.wait()
            return result!
        }
    }

    public func run(backend: Backend) throws -> [Timings] {
        var out: [Timings] = []
        for size in sizes {
            backend.resize(size.width, size.height)
            let label = "\(size.width)x\(size.height)"
            let console = Bench(store: store, width: size.width, height: size.height, backend: backend)
            console.frame()
            for pane in Pane.allCases {
                // Switching to the pane from another one: every row of it is drawn and flushed.
                var switching = Timings("\(label) \(pane.title.lowercased()) pane")
                let other: Pane = pane == .health ? .freshness : .health
                for _ in 0..<frames {
                    console.key(.char(Character(String(other.rawValue))))
                    switching.measure { console.key(.char(Character(String(pane.rawValue)))) }
                }
                out.append(switching)
                // After a store change the pane's rows are rebuilt from the new snapshot (the read is off the clock:
                // it runs on the runtime's read queue).
                var changed = Timings("\(label) \(pane.title.lowercased()) after store change")
                var retired: Retired?
                for _ in 0..<max(5, frames / 20) {
                    console.pending += Console.update(&console.state, .storeChanged(token: nil))
                    let load = console.pending.removeFirst()
                    guard let event = ConsoleEffects.run(load, with: console.services) else { continue }
                    changed.measure {
                        console.pending += Console.update(&console.state, event)
                        // The runtime frees the replaced snapshot on a background queue: hand it over, free it later.
                        retired = console.state.takeRetired()
                        console.frame()
                    }
                    withExtendedLifetime(retired) { retired = nil }
                }
                out.append(changed)
            }
            out.append(try changeSeen(console, label: label))
            for pane in [Pane.health, .freshness] {
                console.key(.char(Character(String(pane.rawValue))))
                out.append(scroll(console, label: "\(label) \(pane.title.lowercased()) scroll"))
                out.append(filter(console, label: "\(label) \(pane.title.lowercased()) filter typing"))
            }
            out += actions(console, label: label)
        }
        return out
    }

    /// A collector's write seen by the console: the store written (one observation), then what the console does
    /// when its change token moves: the read and the panes' rows (off the UI thread, with the last read's rows kept by
    /// the Store), the update and the frame. The wait for the token itself is not in it (PostgreSQL's NOTIFY wakes
    /// the console at once; a SQLite file is looked at 4 times a second).
    func changeSeen(_ console: Bench, label: String) throws -> Timings {
        var seen = Timings("\(label) store change seen (read, rows, frame)")
        let datasets = console.state.snapshot.datasets
        for i in 0..<max(5, frames / 20) where !datasets.isEmpty {
            let d = datasets[(i * 7919) % datasets.count]
            let now = console.state.snapshot.now
            try store.write { w in
                try w.recordFreshness(FreshnessSample(dataset: d.dataset.name, observedAt: now.addingTimeInterval(Double(i + 1)),
                                                      loadedAt: d.lastLoadedAt ?? now))
            }
            var retired: Retired?
            seen.measure {
                console.pending += Console.update(&console.state, .storeChanged(token: nil))
                let load = console.pending.removeFirst()
                guard let event = ConsoleEffects.run(load, with: console.services) else { return }
                console.pending += Console.update(&console.state, event)
                retired = console.state.takeRetired()
                console.frame()
            }
            withExtendedLifetime(retired) { retired = nil }
        }
        return seen
    }

    /// One line down per frame, a page down every tenth, back to the top at the end of the list.
    private func scroll(_ console: Bench, label: String) -> Timings {
        var t = Timings(label)
        for i in 0..<frames {
            t.measure { console.key(i % 10 == 9 ? .pageDown : .down) }
        }
        console.key(.home)
        return t
    }

    /// Types a filter a character at a time and deletes it again: each key filters every row of the pane.
    private func filter(_ console: Bench, label: String) -> Timings {
        var t = Timings(label)
        let text = "orders_00"
        for _ in 0..<max(1, frames / (2 * text.count)) {
            console.key(.char("/"))
            for c in text { t.measure { console.key(.char(c)) } }
            for _ in text { t.measure { console.key(.backspace) } }
            console.key(.escape)
        }
        return t
    }

    /// From an action key to the next frame; the write and the re-read it causes run afterwards (off the clock).
    private func actions(_ console: Bench, label: String) -> [Timings] {
        let rounds = max(5, frames / 10)
        var ack = Timings("\(label) action a (acknowledge)")
        var note = Timings("\(label) action n + ⏎ (note)")
        var standup = Timings("\(label) action S (standup)")
        var standupDraw = Timings("\(label) action S, update and drawing only")
        var palette = Timings("\(label) action : + ⏎ (jump)")
        var typing = Timings("\(label) palette typing (fuzzy over every name)")
        for i in 0..<rounds {
            console.key(.char("3"))
            ack.measure { console.key(.char("a")) }
            console.settle()
            console.key(.char("n"))
            console.key(.char("x"))
            note.measure { console.key(.enter) }
            console.settle()
            standup.measure { console.key(.char("S")) }
            console.settle()
            // The same frame again without the terminal: what of S is Vigil's (update and drawing) and what ncurses'.
            console.key(.escape)
            standupDraw.measure {
                console.pending += Console.update(&console.state, .input(.key(.char("S"))))
                _ = Console.render(console.state, width: console.width, height: console.height)
            }
            console.settle()
            console.key(.escape)
            console.key(.char(":"))
            for c in "orders_0\(i % 10)" { typing.measure { console.key(.char(c)) } }
            palette.measure { console.key(.enter) }
            console.settle()
            console.key(.escape)
        }
        return [ack, note, standup, standupDraw, palette, typing]
    }
}
