import Foundation

// Shared by the executables: `vigil`, and `vigil-dev` for developers.

/// A path with a leading "~/" made absolute (the shell did not expand it, e.g. after `--store=`).
public func expandTilde(_ path: String) -> String {
    guard path.hasPrefix("~/") else { return path }
    return FileManager.default.homeDirectoryForCurrentUser.path + String(path.dropFirst(1))
}

/// Prints to standard error (never over the console: only before or after the screen is up).
public func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Prints one line to standard output at once (unbuffered, as a daemon's log needs: each line reaches a file, a
/// pipe or the journal when it is said, not when a buffer fills, or never when the process is killed).
public func printLine(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
