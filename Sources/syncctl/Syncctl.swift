import ArgumentParser
import Foundation
import Sync

@main
struct Syncctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "syncctl",
        abstract: "Reads and steers a running syncd: its change feed, stories, duplicate groups and editors' overrides.",
        discussion: """
            syncctl talks to syncd over HTTP: --server, else $SYNCCTL_SERVER, else http://127.0.0.1:7411.

            Every command takes --json for stable JSON output (for scripts).

            Exit codes: 0 success; 1 syncd unreachable or answered an error (e.g. unknown id); \
            64 bad command-line usage; 141 the reader of the output went away (`| head`).

            Shell completions: `syncctl --generate-completion-script bash` (or zsh, fish).
            """,
        version: "0.1.0",
        subcommands: [Status.self, Changes.self, Stories.self, StoryCommand.self, Versions.self, DiffCommand.self,
                      Dups.self, Explain.self, Similar.self, Split.self, Merge.self, Prune.self, Consumers.self]
    )
}

/// Options every command takes.
struct ServerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("syncd's base URL (default: $SYNCCTL_SERVER or http://127.0.0.1:7411).", valueName: "url"))
    var server: String = ProcessInfo.processInfo.environment["SYNCCTL_SERVER"].flatMap { $0.isEmpty ? nil : $0 }
        ?? "http://127.0.0.1:7411"

    @Option(help: ArgumentHelp("The token syncd requires, if any (default: $SYNCCTL_TOKEN).", valueName: "token"))
    var token: String? = ProcessInfo.processInfo.environment["SYNCCTL_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }

    @Flag(help: "Print JSON for scripts instead of readable text.")
    var json = false
}

extension AsyncParsableCommand {
    /// Runs `body` with a client, turning errors into `Error: …` plus a hint and an exit code.
    func withClient(_ options: ServerOptions, _ body: (APIClient) async throws -> Void) async throws {
        let client: APIClient
        do { client = try APIClient(server: options.server, token: options.token) } catch let error as SyncctlError { fail(error) }
        do {
            try await body(client)
            await client.shutdown()
        } catch let error as SyncctlError {
            await client.shutdown()
            fail(error)
        } catch let error as ExitCode {
            await client.shutdown()
            throw error
        } catch {
            await client.shutdown()
            fail(.badResponse("\(error)"))
        }
    }

    func fail(_ error: SyncctlError) -> Never {
        FileHandle.standardError.write(Data("Error: \(error)\n\(error.hint)\n".utf8))
        Foundation.exit(error.exitCode)
    }
}

/// Prints a line to standard output and flushes it, so followers see events at once.
///
/// When the reader has gone (`syncctl changes --follow | head -3`), exits quietly with 141, as
/// a tool killed by SIGPIPE would; any other failed write is an `Error:` and exit 1.
func emit(_ line: String) {
    var text = line + "\n"
    let failure: Int32 = text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }
    guard failure != 0 else { return }
    if failure == EPIPE { exit(141) }
    FileHandle.standardError.write(Data("Error: cannot write to standard output: \(String(cString: strerror(failure)))\nHint: check where the output goes (a full disk, a closed file).\n".utf8))
    exit(1)
}
