import Testing
@testable import Sync

/// syncctl's reader of syncd's event stream: messages come out whole however the bytes were cut.
struct ServerSentEventParserTests {
    static let stream = Array("id: 7\nevent: story.created\ndata: {\"headline\":\"Zürich café naïve — 東京\"}\n\n: heartbeat\n\nid: 8\r\ndata: a\r\ndata: b\r\n\r\n".utf8)
    static let expected = [
        ServerSentEventParser.Message(id: "7", event: "story.created", data: "{\"headline\":\"Zürich café naïve — 東京\"}"),
        ServerSentEventParser.Message(id: "8", data: "a\nb"),
    ]

    @Test func wholeStreamInOneChunk() {
        var parser = ServerSentEventParser()
        #expect(parser.feed(Self.stream) == Self.expected)
    }

    @Test func everyCutThroughTheStreamGivesTheSameMessages() {
        // Every split point, including those inside a multi-byte character and between \r and \n.
        for cut in 1..<Self.stream.count {
            var parser = ServerSentEventParser()
            let messages = parser.feed(Self.stream[..<cut]) + parser.feed(Self.stream[cut...])
            #expect(messages == Self.expected, "cut at byte \(cut)")
        }
    }

    @Test func byteByByte() {
        var parser = ServerSentEventParser()
        var messages: [ServerSentEventParser.Message] = []
        for byte in Self.stream { messages += parser.feed([byte]) }
        #expect(messages == Self.expected)
    }

    @Test func aMessageWithoutItsBlankLineIsNotYetComplete() {
        var parser = ServerSentEventParser()
        #expect(parser.feed("id: 1\ndata: x\n").isEmpty)
        #expect(parser.feed("\n") == [ServerSentEventParser.Message(id: "1", data: "x")])
    }
}
