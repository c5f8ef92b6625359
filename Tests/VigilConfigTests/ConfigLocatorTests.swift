import Foundation
import Testing
@testable import VigilConfig

@Suite struct ConfigLocatorTests {
    /// A working directory and an XDG config home, each optionally holding a vigil.yaml.
    func layout(inCwd: Bool, inXDG: Bool, _ body: (_ cwd: String, _ xdg: String) throws -> Void) throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cwd = "\(root)/project", xdg = "\(root)/xdg"
        try FileManager.default.createDirectory(atPath: cwd, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(xdg)/vigil", withIntermediateDirectories: true)
        if inCwd { try writeFile("\(cwd)/vigil.yaml", "") }
        if inXDG { try writeFile("\(xdg)/vigil/vigil.yaml", "") }
        try body(cwd, xdg)
    }

    @Test func explicitPathWinsEvenWhenMissing() throws {
        try layout(inCwd: true, inXDG: true) { cwd, xdg in
            let env = ["XDG_CONFIG_HOME": xdg, "HOME": "/home/alice"]
            #expect(ConfigLocator.find(explicit: "other.yaml", cwd: cwd, environment: env) == "\(cwd)/other.yaml")
            #expect(ConfigLocator.find(explicit: "~/v.yaml", cwd: cwd, environment: env) == "/home/alice/v.yaml")
        }
    }

    @Test func workingDirectoryBeforeXDG() throws {
        try layout(inCwd: true, inXDG: true) { cwd, xdg in
            #expect(ConfigLocator.find(explicit: nil, cwd: cwd, environment: ["XDG_CONFIG_HOME": xdg]) == "\(cwd)/vigil.yaml")
        }
    }

    @Test func xdgWhenTheWorkingDirectoryHasNone() throws {
        try layout(inCwd: false, inXDG: true) { cwd, xdg in
            #expect(ConfigLocator.find(explicit: nil, cwd: cwd, environment: ["XDG_CONFIG_HOME": xdg]) == "\(xdg)/vigil/vigil.yaml")
        }
    }

    @Test func homeConfigWhenXDGIsUnsetOrRelative() throws {
        try layout(inCwd: false, inXDG: false) { cwd, xdg in
            let home = (xdg as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: "\(home)/.config/vigil", withIntermediateDirectories: true)
            try writeFile("\(home)/.config/vigil/vigil.yaml", "")
            #expect(ConfigLocator.find(explicit: nil, cwd: cwd, environment: ["HOME": home]) == "\(home)/.config/vigil/vigil.yaml")
            // The XDG spec says a relative XDG_CONFIG_HOME is ignored.
            #expect(ConfigLocator.find(explicit: nil, cwd: cwd, environment: ["HOME": home, "XDG_CONFIG_HOME": "rel"])
                    == "\(home)/.config/vigil/vigil.yaml")
        }
    }

    @Test func nilWhenNothingExists() throws {
        try layout(inCwd: false, inXDG: false) { cwd, xdg in
            #expect(ConfigLocator.find(explicit: nil, cwd: cwd, environment: ["XDG_CONFIG_HOME": xdg]) == nil)
            #expect(ConfigLocator.candidates(cwd: cwd, environment: ["XDG_CONFIG_HOME": xdg])
                    == ["\(cwd)/vigil.yaml", "\(xdg)/vigil/vigil.yaml"])
        }
    }

    @Test func aDirectoryNamedVigilYamlIsSkipped() throws {
        try layout(inCwd: false, inXDG: true) { cwd, xdg in
            try FileManager.default.createDirectory(atPath: "\(cwd)/vigil.yaml", withIntermediateDirectories: true)
            #expect(ConfigLocator.find(explicit: nil, cwd: cwd, environment: ["XDG_CONFIG_HOME": xdg]) == "\(xdg)/vigil/vigil.yaml")
        }
    }
}
