import ArgumentParser
import Foundation
import SyncDaemon

struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration and print every setting with where it came from.",
        discussion: """
            Exit code 0 when the configuration is valid, 1 with the bad key named when it is not.

            Example:
              SYNCD_LISTEN=127.0.0.1:8080 syncd check-config --config contrib/syncd.toml
            """)

    @OptionGroup var settings: SettingOptions

    func run() throws {
        do {
            let (configuration, sources) = try settings.resolve()
            try configuration.validate()
            print(ConfigurationLoader.describe(configuration, sources: sources))
        } catch {
            fail(error, hint: "Hint: fix that key in the file, environment variable or flag named above; `syncd --help` lists them.")
        }
    }
}
