/// A word-level diff between two texts, for editors comparing versions.
///
/// Texts are split into words and the spaces between them and aligned by ``TokenAlignment``
/// (Myers' shortest edit script); the result is a list of runs — equal, inserted,
/// deleted — whose texts, concatenated, give back the old text (equal + deleted) and the new
/// text (equal + inserted) exactly. Very different texts (more than `maxEdits` word edits) are
/// reported as one deletion and one insertion rather than spending quadratic time.
public enum WordDiff {
    /// Splits `text` into alternating runs of non-whitespace and whitespace.
    public static func tokens(_ text: String) -> [Substring] {
        var tokens: [Substring] = []
        var start = text.startIndex
        var inSpace: Bool?
        for index in text.indices {
            let space = text[index].isWhitespace
            if let current = inSpace, current != space {
                tokens.append(text[start..<index])
                start = index
            }
            inSpace = space
        }
        if start < text.endIndex { tokens.append(text[start...]) }
        return tokens
    }

    /// The runs that turn `old` into `new`.
    public static func diff(_ old: String, _ new: String, maxEdits: Int = 4000) -> [DiffRun] {
        let a = tokens(old), b = tokens(new)
        guard let hunks = TokenAlignment.hunks(a, b, maxEdits: maxEdits) else {
            var runs: [DiffRun] = []
            if !old.isEmpty { runs.append(DiffRun(op: .delete, text: old)) }
            if !new.isEmpty { runs.append(DiffRun(op: .insert, text: new)) }
            return runs
        }
        var runs: [DiffRun] = []
        func append(_ op: DiffRun.Op, _ words: ArraySlice<Substring>) {
            guard !words.isEmpty else { return }
            runs.append(DiffRun(op: op, text: words.joined()))
        }
        var next = 0
        for hunk in hunks {
            append(.equal, a[next..<hunk.oldRange.lowerBound])
            append(.delete, a[hunk.oldRange])
            append(.insert, b[hunk.newRange])
            next = hunk.oldRange.upperBound
        }
        append(.equal, a[next...])
        return runs
    }
}

/// One run of a word diff.
public struct DiffRun: Codable, Sendable, Equatable {
    public enum Op: String, Codable, Sendable {
        case equal, insert, delete
    }

    public var op: Op
    public var text: String

    public init(op: Op, text: String) {
        self.op = op
        self.text = text
    }
}
