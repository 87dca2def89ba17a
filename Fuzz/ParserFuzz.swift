// libFuzzer entry point for the Sync format parsers. Not a package target: it is compiled
// together with Sources/Sync/**/*.swift by scripts/fuzz-parsers.sh (same module, so internal
// helpers are reachable). Any crash, sanitizer report, hang or unbounded allocation is a bug;
// a thrown SyncError is the expected outcome for bad input.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func parserFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let time = Date(timeIntervalSince1970: 1_700_000_000)

    // The whole pipeline, as the ingest loop calls it.
    if let document = try? DocumentParser().parse(bytes, fileName: "fuzz.bin", modificationTime: time, source: "fuzz") {
        // Invariants every parser promises.
        precondition(["text", "ninjs", "nitf", "newsml-g2", "anpa"].contains(document.format), "unknown format")
        precondition(document.timeFromDocument || document.time == time, "fallback time not used")
        if let urgency = document.urgency { precondition((1...9).contains(urgency), "urgency out of range") }
        precondition(!document.body.contains("\n\n\n"), "empty paragraph in body")
    }

    // Each format parser directly, so detection never hides one from the fuzzer.
    _ = try? ANPAParser().parse(bytes, modificationTime: time, source: nil)
    _ = try? NinjsParser().parse(bytes, modificationTime: time, source: nil)
    if let root = try? XMLReader().parse(bytes) {
        _ = try? NITFParser().parse(root: root, modificationTime: time, source: nil)
        _ = try? NewsMLG2Parser().parse(root: root, modificationTime: time, source: nil)
        _ = HTMLText.paragraphs(of: root)
    }
    _ = try? PlainTextParser().parse(bytes, time: time, source: nil)

    // The text helpers on the raw bytes.
    if let text = try? TextDecoding.decodePlainText(bytes) {
        precondition(!text.unicodeScalars.contains("\u{FFFD}") || bytes.count >= 3, "replacement character from short input")
        _ = HTMLText.paragraphs(html: text)
        _ = WireTime.parse(text)
        _ = ANPAParser.trailerTime(text)
    }
    return 0
}
