import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a secret could not be read. The text names the source and the variable or file, never the value.
public struct SecretError: Error, Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var reference: SecretReference
    public var problem: String
    public var hint: String?

    public var description: String { "source '\(source)': " + reason }

    /// The problem without the source's name, for errors that name the source themselves.
    public var reason: String { "\(reference) \(problem)" + (hint.map { " (\($0))" } ?? "") }
}

/// Reads a secret when a collector needs it, so values live in memory only, never in config or store.
public enum SecretResolver {
    public static func resolve(_ reference: SecretReference, source: String,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws(SecretError) -> String {
        func fail(_ problem: String, _ hint: String? = nil) -> SecretError {
            SecretError(source: source, reference: reference, problem: problem, hint: hint)
        }
        switch reference {
        case .env(let name):
            guard let value = environment[name] else { throw fail("is not set", "export \(name) before starting vigil") }
            guard !value.isEmpty else { throw fail("is empty", "export \(name)=... with the secret as its value") }
            return value
        case .file(let path):
            return try readFile(path, fail: fail)
        }
    }

    private static func readFile(_ path: String, fail: (String, String?) -> SecretError) throws(SecretError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            guard errno == ENOENT else { throw fail("cannot be read: \(String(cString: strerror(errno)))", "check the folders on its path") }
            throw fail("does not exist", "write the secret alone in it and chmod 600 it, or correct the path")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw fail("is not a regular file", "name the file holding the secret, not a folder") }
        // Like ssh with private keys: a secret others can read (or replace) is refused, not used.
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw fail("is open to group or others (mode \(String(mode, radix: 8)))", "chmod 600 \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail("cannot be read", "check that it belongs to the user running vigil")
        }
        guard var text = String(data: data, encoding: .utf8) else { throw fail("is not UTF-8 text", "write the secret as plain text") }
        // Editors and `echo x > file` add one newline; it is never part of the secret.
        // ("\r\n" is a single Character in Swift, so one removeLast drops either ending.)
        if text.last == "\n" || text.last == "\r\n" { text.removeLast() }
        guard !text.isEmpty else { throw fail("is empty", "write the secret in it") }
        return text
    }
}
