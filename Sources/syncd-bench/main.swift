import Foundation
import ReutersCorpus

// syncd-bench: benchmarks that print figures; bench/run puts them beside the Python peers.
//
//   syncd-bench [core] [--corpus DIR] [--repeat N]   the dedup core on the corpus, no I/O
//   syncd-bench populate N FOLDER [--corpus DIR]     a store of N synthetic stories over a year
//   syncd-bench measure FOLDER [--round K]           restart-to-ready, time per decision, RSS
//                                                    (round K decides items of its own)

var arguments = Array(CommandLine.arguments.dropFirst())
var directory = CorpusItem.defaultDirectory
var runs = 3
var round = 0
if let at = arguments.firstIndex(of: "--corpus"), at + 1 < arguments.count {
    directory = arguments[at + 1]
    arguments.removeSubrange(at...(at + 1))
}
if let at = arguments.firstIndex(of: "--repeat"), at + 1 < arguments.count {
    runs = Int(arguments[at + 1]) ?? runs
    arguments.removeSubrange(at...(at + 1))
}
if let at = arguments.firstIndex(of: "--round"), at + 1 < arguments.count {
    guard let value = Int(arguments[at + 1]), (0...1_000_000).contains(value) else {
        FileHandle.standardError.write(Data("Error: --round needs a whole number from 0 to 1000000\nHint: syncd-bench measure FOLDER --round 1\n".utf8))
        exit(64)
    }
    round = value
    arguments.removeSubrange(at...(at + 1))
}
func usage(_ message: String) -> Never {
    FileHandle.standardError.write(Data("Error: \(message)\nHint: syncd-bench [core] | populate N FOLDER | measure FOLDER [--round K]\n".utf8))
    exit(64)
}
switch arguments.first ?? "core" {
case "core":
    try coreBenchmark(directory: directory, runs: runs)
case "populate":
    guard arguments.count == 3, let count = Int(arguments[1]), count > 0 else { usage("populate needs a count and a folder") }
    try populate(count: count, folder: arguments[2], directory: directory)
case "measure":
    guard arguments.count == 2 else { usage("measure needs a folder") }
    try measure(folder: arguments[1], round: round)
default:
    usage("unknown command \(arguments[0])")
}
