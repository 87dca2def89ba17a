/// A word-level diff between two texts, for editors comparing versions.
///
/// Texts are split into words and the spaces between them; the shortest edit script (Myers'
/// algorithm) is computed on words, and the result is a list of runs — equal, inserted,
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
        guard let script = editScript(a, b, maxEdits: maxEdits) else {
            var runs: [DiffRun] = []
            if !old.isEmpty { runs.append(DiffRun(op: .delete, text: old)) }
            if !new.isEmpty { runs.append(DiffRun(op: .insert, text: new)) }
            return runs
        }
        var runs: [DiffRun] = []
        for (op, token) in script {
            if let last = runs.last, last.op == op {
                runs[runs.count - 1].text += token
            } else {
                runs.append(DiffRun(op: op, text: String(token)))
            }
        }
        return runs
    }

    /// Myers' O(ND) shortest edit script; nil when more than `maxEdits` edits are needed.
    static func editScript(_ a: [Substring], _ b: [Substring], maxEdits: Int) -> [(DiffRun.Op, Substring)]? {
        let n = a.count, m = b.count
        let limit = min(n + m, maxEdits)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        var found = false
        outer: for d in 0...limit {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n && y < m && a[x] == b[y] { x += 1; y += 1 }
                v[offset + k] = x
                if x >= n && y >= m { found = true; break outer }
            }
        }
        guard found else { return nil }
        // Walk the trace backwards to recover the script.
        var script: [(DiffRun.Op, Substring)] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? k + 1 : k - 1
            let previousX = d == 0 ? 0 : v[offset + previousK]
            let previousY = previousX - previousK
            while x > previousX && y > previousY {
                script.append((.equal, a[x - 1]))
                x -= 1; y -= 1
            }
            if d > 0 {
                if x == previousX {
                    script.append((.insert, b[y - 1]))
                } else {
                    script.append((.delete, a[x - 1]))
                }
                x = previousX; y = previousY
            }
        }
        return script.reversed()
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
