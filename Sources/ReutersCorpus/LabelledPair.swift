import Foundation

/// One hand-labelled pair from `dev-pairs.tsv`.
public struct LabelledPair: Sendable {
    public var a: Int
    public var b: Int
    public var same: Bool
    public var note: String

    public static func load(_ path: String) throws -> [LabelledPair] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 4, let a = Int(f[1]), let b = Int(f[2]) else { return nil }
            return LabelledPair(a: a, b: b, same: f[3] == "SAME", note: f.count > 4 ? f[4] : "")
        }
    }
}

/// Precision, recall and F1 from confusion counts.
public struct Score: Sendable {
    public var tp = 0, fp = 0, fn = 0, tn = 0

    public init(tp: Int = 0, fp: Int = 0, fn: Int = 0, tn: Int = 0) {
        self.tp = tp; self.fp = fp; self.fn = fn; self.tn = tn
    }

    public mutating func add(predicted: Bool, actual: Bool) {
        switch (predicted, actual) {
        case (true, true): tp += 1
        case (true, false): fp += 1
        case (false, true): fn += 1
        case (false, false): tn += 1
        }
    }

    public var precision: Double { tp + fp == 0 ? 0 : Double(tp) / Double(tp + fp) }
    public var recall: Double { tp + fn == 0 ? 1 : Double(tp) / Double(tp + fn) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    public var line: String {
        String(format: "P %.3f  R %.3f  F1 %.3f  (tp %d fp %d fn %d tn %d)", precision, recall, f1, tp, fp, fn, tn)
    }
}
