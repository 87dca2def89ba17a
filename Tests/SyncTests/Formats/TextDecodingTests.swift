import Foundation
import Testing
@testable import Sync

@Suite("Text decoding")
struct TextDecodingTests {
    @Test func byteOrderMarksAreSniffed() {
        #expect(TextDecoding.byteOrderMark([0xEF, 0xBB, 0xBF, 0x41])?.encoding == .utf8)
        #expect(TextDecoding.byteOrderMark([0xEF, 0xBB, 0xBF, 0x41])?.length == 3)
        #expect(TextDecoding.byteOrderMark([0xFF, 0xFE, 0x41, 0x00])?.encoding == .utf16LE)
        #expect(TextDecoding.byteOrderMark([0xFE, 0xFF, 0x00, 0x41])?.encoding == .utf16BE)
        #expect(TextDecoding.byteOrderMark([0xFE, 0xFF, 0x00, 0x41])?.length == 2)
        #expect(TextDecoding.byteOrderMark(Array("<?xml".utf8)) == nil)
    }

    @Test func windows1252HighRangeMapsToTheRightCodePoints() {
        let decoded = Array(TextDecoding.windows1252(ArraySlice(UInt8(0x80)...UInt8(0x9F))).unicodeScalars.map(\.value))
        #expect(decoded == [0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                            0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
                            0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                            0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178])
        #expect(TextDecoding.windows1252([0x41, 0xA0, 0xE9, 0xFF]) == "A\u{A0}éÿ")
    }

    @Test func plainTextKeepsValidUTF8AndFallsBackToWindows1252() throws {
        #expect(try TextDecoding.decodePlainText(Array("Zürich — “ok”".utf8)) == "Zürich — “ok”")
        let legacy: [UInt8] = Array("Caf".utf8) + [0xE9, 0x20, 0x93] + Array("hi".utf8) + [0x94, 0x20, 0x80]
        let text = try TextDecoding.decodePlainText(legacy)
        #expect(text == "Café “hi” €")
        #expect(!text.unicodeScalars.contains("\u{FFFD}"))
    }

    @Test func utf16WithByteOrderMarkDecodesBothOrdersAndSurrogatePairs() throws {
        let le: [UInt8] = [0xFF, 0xFE, 0x53, 0x00, 0xFC, 0x00, 0x3C, 0xD8, 0x0A, 0xDF]
        #expect(try TextDecoding.decodePlainText(le) == "Sü🌊")
        let be: [UInt8] = [0xFE, 0xFF, 0x00, 0x53, 0x00, 0xFC]
        #expect(try TextDecoding.decodePlainText(be) == "Sü")
    }

    @Test func malformedUTF16IsRejectedWithTheOffset() {
        #expect(throws: SyncError.unparsable("UTF-16 text has an unpaired surrogate 0xDC00 at byte offset 4")) {
            try TextDecoding.decodePlainText([0xFF, 0xFE, 0x41, 0x00, 0x00, 0xDC])
        }
        #expect(throws: SyncError.unparsable("UTF-16 text has an odd number of bytes (last byte at offset 4)")) {
            try TextDecoding.decodePlainText([0xFF, 0xFE, 0x41, 0x00, 0x42])
        }
    }

    @Test func xmlDeclarationChoosesTheEncoding() throws {
        let latin1 = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>".utf8) + [0xE9, 0xE0] + Array("</a>".utf8)
        #expect(try TextDecoding.decodeXML(latin1).hasSuffix("<a>éà</a>"))
        let cp1252 = Array("<?xml version='1.0' encoding='windows-1252'?><a>".utf8) + [0x93, 0x80, 0x94] + Array("</a>".utf8)
        #expect(try TextDecoding.decodeXML(cp1252).hasSuffix("<a>“€”</a>"))
        let ascii = Array("<?xml version=\"1.0\" encoding=\"us-ascii\"?><a>plain</a>".utf8)
        #expect(try TextDecoding.decodeXML(ascii).hasSuffix("<a>plain</a>"))
        #expect(try TextDecoding.decodeXML([0xEF, 0xBB, 0xBF] + Array("<a>ü</a>".utf8)) == "<a>ü</a>")
        #expect(try TextDecoding.decodeXML(Array("<a>ü</a>".utf8)) == "<a>ü</a>")
    }

    @Test func utf16XMLIsDetectedWithAndWithoutAMark() throws {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>é</a>"
        let le = Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be = Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try TextDecoding.decodeXML([0xFF, 0xFE] + le) == text)
        #expect(try TextDecoding.decodeXML(le) == text)
        #expect(try TextDecoding.decodeXML(be) == text)
    }

    @Test func unknownOrContradictoryEncodingsAreRejected() {
        #expect(throws: SyncError.unparsable("unsupported XML encoding \"EBCDIC-US\" in the XML declaration "
            + "(supported: UTF-8, UTF-16, ISO-8859-1, windows-1252, US-ASCII)")) {
            try TextDecoding.decodeXML(Array("<?xml version=\"1.0\" encoding=\"EBCDIC-US\"?><a/>".utf8))
        }
        #expect(throws: SyncError.unparsable("XML declaration says encoding \"UTF-16\" but the bytes are 8-bit (no UTF-16 byte-order mark)")) {
            try TextDecoding.decodeXML(Array("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>".utf8))
        }
        #expect(throws: SyncError.unparsable("text declared US-ASCII has byte 0xE9 at byte offset 44")) {
            try TextDecoding.decodeXML(Array("<?xml version=\"1.0\" encoding=\"US-ASCII\"?><a>".utf8) + [0xE9] + Array("</a>".utf8))
        }
        #expect(throws: SyncError.unparsable("text is not valid UTF-8 (first invalid byte at offset 3)")) {
            try TextDecoding.decodeXML(Array("<a>".utf8) + [0xE9] + Array("</a>".utf8))
        }
    }

    @Test func encodingNamesAreCaseInsensitiveAliases() {
        #expect(TextDecoding.encoding(named: "Latin1") == .latin1)
        #expect(TextDecoding.encoding(named: "CP1252") == .windows1252)
        #expect(TextDecoding.encoding(named: "utf8") == .utf8)
        #expect(TextDecoding.encoding(named: "UTF-16LE") == .utf16LE)
        #expect(TextDecoding.encoding(named: "koi8-r") == nil)
    }
}
