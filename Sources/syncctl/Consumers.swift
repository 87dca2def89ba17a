import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import Sync

struct Consumers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lists, acknowledges for, or deletes named feed consumers.",
        discussion: """
            A named consumer keeps its position on the server: `syncctl changes --consumer NAME` \
            resumes after the last acknowledged event.

            Examples:
              syncctl consumers                    list them with their position and lag
              syncctl consumers ack web-desk 120   mark events up to 120 as processed
              syncctl consumers delete web-desk
            """,
        subcommands: [List.self, Ack.self, Delete.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists consumers with their position and lag.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await withClient(options) { client in
                let list = try await client.get("/v1/consumers", as: ConsumerList.self)
                if options.json {
                    emit(String(decoding: try WireJSON.encoder(pretty: true).encode(list), as: UTF8.self))
                } else if list.consumers.isEmpty {
                    emit("no named consumers")
                } else {
                    var rows = [["NAME", "ACKED", "LAG", "UPDATED"]]
                    for consumer in list.consumers {
                        rows.append([consumer.name, "\(consumer.ackedSeq)", "\(consumer.lag)", EventLine.shortTime(consumer.updatedAt)])
                    }
                    emit(Terminal.table(rows))
                }
            }
        }
    }

    struct Ack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sets a consumer's position (a lower seq rewinds it).")
        @OptionGroup var options: ServerOptions
        @Argument(help: "The consumer's name.") var name: String
        @Argument(help: "The last seq it processed.") var seq: Int64

        func validate() throws {
            if !ConsumerInfo.isValidName(name) { throw ValidationError("consumer names are 1 to 64 of A-Z a-z 0-9 . _ -; got '\(name)'") }
            if seq < 0 { throw ValidationError("seq must be 0 or more; got \(seq)") }
        }

        func run() async throws {
            try await withClient(options) { client in
                let info = try await client.acknowledge(name, seq: seq)
                emit(options.json ? String(decoding: try WireJSON.encoder(pretty: true).encode(info), as: UTF8.self)
                     : "\(info.name): acknowledged up to \(info.ackedSeq), \(info.lag) behind")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deletes a consumer and its position.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "The consumer's name.") var name: String

        func validate() throws {
            if !ConsumerInfo.isValidName(name) { throw ValidationError("consumer names are 1 to 64 of A-Z a-z 0-9 . _ -; got '\(name)'") }
        }

        func run() async throws {
            try await withClient(options) { client in
                try await client.send(method: .DELETE, "/v1/consumers/\(name)")
                emit(options.json ? #"{"deleted":"\#(name)"}"# : "deleted consumer \(name)")
            }
        }
    }
}
