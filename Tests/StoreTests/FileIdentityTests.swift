import Testing
import Store

@Suite("File identity")
struct FileIdentityTests {
    func identity(_ path: String) -> FileIdentity {
        FileIdentity(path: path, size: 1, mtimeNanoseconds: 0, inode: 1, rawHash: "")
    }

    @Test("the source is the path's first folder, found as bytes")
    func sourceIsTheFirstFolder() {
        #expect(identity("story.txt").source == nil)
        #expect(identity("ap/story.txt").source == "ap")
        #expect(identity("reuters/2026/11/story.xml").source == "reuters")
        // Non-ASCII folder names come back whole: the byte search must not cut a character.
        #expect(identity("dpa-Nachrichten-ü/Meldung.txt").source == "dpa-Nachrichten-ü")
        #expect(identity("é\u{301}/x").source == "é\u{301}")
        #expect(identity("/x").source == "")
    }
}
