import Foundation

/// The decision for an item whose format identity (ninjs `uri`, G2 `guid`, NITF `doc-id`,
/// ANPA slug) a stored story already carries: identity beats similarity.
///
/// The item is a duplicate when its normalized text equals a version of that story (unless
/// it is an older version's text dated after the newest: a return to it), and otherwise a new
/// version of it whatever its text; the evidence still reports the measured
/// similarity to the story's newest version so an editor sees how much changed.
public enum IdentityMatch {
    /// Whether `identity` names one story only within the dedup window: an ANPA keyword slug
    /// (`anpa:BC-WALL-STREET`), which the agency uses again for the next day's story. Other
    /// identities (a ninjs `uri`, a G2 `guid`, a NITF `doc-id`) name one story for good.
    public static func holdsOnlyWithinWindow(_ identity: String) -> Bool {
        identity.hasPrefix("anpa:")
    }

    /// - Parameters:
    ///   - identity: the identity both carry, e.g. `ninjs:urn:x:1`.
    ///   - newest: the story's newest version, its time and sketch.
    ///   - identical: a version of the same story with the item's exact normalized text, if any.
    public static func decide(_ document: PreparedDocument, identity: String, newest: VersionRef, newestTime: Date,
                              newestSketch: Sketch, identical: VersionRef?, parameters: DedupParameters = DedupParameters()) -> Decision {
        let verdict = Verifier(parameters: parameters).verify(
            new: document.sketch, newTime: document.document.time, old: newestSketch, oldTime: newestTime,
            oldLabel: "version \(newest.number)")
        if let identical, identical.story == newest.story {
            // An older version's text, dated by the document after the newest version: the
            // story goes back to it, a version of its own (``NearDuplicateEngine`` decides alike).
            if identical != newest, document.document.timeFromDocument,
               document.document.time.timeIntervalSince(newestTime) > Verifier.clockSkew {
                return .newVersion(.init(matched: newest, similarity: verdict.similarity, containment: verdict.containment,
                                         reason: "same identity \(identity): returns to the text of version \(identical.number) of story \(identical.story), after version \(newest.number) changed it"))
            }
            return .duplicate(.init(matched: identical, similarity: 1, containment: 1,
                                    reason: "same identity \(identity) and normalized text identical to version \(identical.number) of story \(identical.story)"))
        }
        let percent = { (v: Double) in "\(Int((v * 100).rounded()))%" }
        return .newVersion(.init(matched: newest, similarity: verdict.similarity, containment: verdict.containment,
                                 reason: "same identity \(identity) as story \(newest.story) (similarity \(percent(verdict.similarity)), containment \(percent(verdict.containment)) to version \(newest.number))"))
    }
}
