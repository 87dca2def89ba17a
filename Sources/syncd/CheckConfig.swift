import ArgumentParser
import Foundation
import SyncDaemon

struct CheckConfig: ParsableCommand {
    /// Why syncd could not use `home` (create it, or write in it), or nil: a folder is made and
    /// removed at once in the home itself when it exists, else in the nearest folder above it
    /// that does (permissions alone do not tell: root may write anywhere but `/proc` or `/sys`
    /// or a read-only mount).
    static func homeProblem(_ home: String) -> String? {
        var path = URL(filePath: home).standardizedFileURL.path
        var isFolder: ObjCBool = false
        while !FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            let parent = (path as NSString).deletingLastPathComponent
            if parent == path || parent.isEmpty { return "'\(home)' has no existing folder above it" }
            path = parent
        }
        if !isFolder.boolValue { return "'\(path)' is a file, so '\(home)' cannot be a folder" }
        let probe = path + "/.syncd-check-config-\(getpid())"
        guard mkdir(probe, 0o700) == 0 else {
            return "syncd cannot create folders in '\(path)' (\(String(cString: strerror(errno)))), so it could not use '\(home)'"
        }
        rmdir(probe)
        return nil
    }

    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration and print every setting with where it came from.",
        discussion: """
            Exit code 0 when the configuration is valid, 1 with the bad key named when it is not \
            (a home folder syncd could not create or write counts as bad).

            Example:
              SYNCD_LISTEN=127.0.0.1:8080 syncd check-config --config contrib/syncd.toml
            """)

    @OptionGroup var settings: SettingOptions

    func run() throws {
        do {
            let (configuration, sources) = try settings.resolve()
            try configuration.validate()
            print(ConfigurationLoader.describe(configuration, sources: sources))
            if let problem = Self.homeProblem(configuration.home) {
                fail(DaemonError.invalidConfiguration(field: "home", message: problem),
                     hint: "Hint: give syncd a folder it can write with --home DIR (or SYNCD_HOME), or make that one writable.")
            }
        } catch {
            fail(error, hint: "Hint: fix that key in the file, environment variable or flag named above; `syncd --help` lists them.")
        }
    }
}
