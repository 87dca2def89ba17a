import Foundation
import Logging
import Store
import Sync
#if canImport(Glibc)
import Glibc
#endif

/// Decides one inbox file at a time: read, parse, decide, commit, then move.
///
/// The order is what makes every decision happen exactly once: the decision, the file's record
/// and the feed event are committed in one transaction before the file leaves the inbox. A file
/// found again whose record exists (the process died between the commit and the move) is only
/// moved, with no second event. Not thread-safe: one ingest loop owns it.
public struct Ingestor {
    let home: Home
    let database: Database
    let signal: FeedSignal
    let configuration: DaemonConfiguration
    var engine: any DedupEngine
    let logger: Logger
    private let mover: FileMover
    private let parser = DocumentParser()
    /// Size and mtime last seen of files that had not settled yet.
    private var unsettled: [String: (size: Int64, mtime: Int64)] = [:]

    public init(home: Home, database: Database, signal: FeedSignal, configuration: DaemonConfiguration,
                engine: any DedupEngine, logger: Logger) {
        self.home = home
        self.database = database
        self.signal = signal
        self.configuration = configuration
        self.engine = engine
        self.logger = logger
        self.mover = FileMover(home: home)
    }

    /// Decides the file at `relative` (a path inside the inbox) and moves it out of the inbox.
    ///
    /// A file that was written in place (`trigger == .written`) is taken only when its size and
    /// mtime have not changed for the settle time; until then the outcome is `.notSettled`.
    public mutating func ingest(_ relative: String, trigger: IngestTrigger = .renamed, now: Date = Date()) -> IngestOutcome {
        if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { return .skipped }
        let path = home.inbox.path + "/" + relative
        var info = stat()
        guard lstat(path, &info) == 0 else { return .skipped }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR { return .skipped }

        var identity = FileIdentity(
            path: relative, size: Int64(info.st_size),
            mtimeNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
            inode: UInt64(info.st_ino), rawHash: "")
        let mtime = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
        if kind == S_IFREG && trigger == .written {
            let settle = configuration.settleSeconds
            let seen = unsettled[relative]
            let unchanged = seen.map { $0 == (identity.size, identity.mtimeNanoseconds) } ?? false
            if now.timeIntervalSince(mtime) < settle && !unchanged {
                unsettled[relative] = (identity.size, identity.mtimeNanoseconds)
                return .notSettled(retryAfter: .milliseconds(Int64(settle * 1000)))
            }
        }
        unsettled.removeValue(forKey: relative)

        var bytes: [UInt8]?
        var rejection: String?
        if let notRegular = Self.describeNonRegular(kind) {
            rejection = "\(notRegular): only regular files are read"
        } else if identity.size > configuration.maxFileBytes {
            rejection = "file is \(identity.size) bytes, over the limit of \(configuration.maxFileBytes) bytes"
        } else {
            switch Self.readFile(path, expectedInode: info.st_ino, refuseIfOpenForWriting: true) {
            case .success(let data):
                if Int64(data.count) != identity.size && trigger == .written {
                    // Still growing while we read: look again once it has settled.
                    unsettled[relative] = (Int64(data.count), identity.mtimeNanoseconds)
                    return .notSettled(retryAfter: .milliseconds(Int64(configuration.settleSeconds * 1000)))
                }
                bytes = data
                identity.rawHash = SHA256.hex(data)
                identity.size = Int64(data.count)
            case .failure(let error):
                if error.errno == ENOENT { return .skipped }
                if error.errno == EAGAIN {
                    // Another process still has it open for writing.
                    return .notSettled(retryAfter: .milliseconds(Int64(max(configuration.settleSeconds, 0.1) * 1000)))
                }
                rejection = "cannot read file: \(String(cString: strerror(error.errno)))"
            }
        }

        do {
            if let decided = try database.decidedFile(identity) {
                try finishMove(relative, outcome: decided.outcome, reason: decided.reason, seq: decided.eventSeq)
                logger.info("file already decided; moved", metadata: ["file": "\(relative)", "seq": "\(decided.eventSeq)"])
                return .alreadyDecided
            }
            var document: StoryDocument?
            if rejection == nil, let bytes {
                do {
                    document = try parser.parse(bytes, fileName: relative, modificationTime: mtime, source: identity.source)
                } catch let error as SyncError {
                    rejection = error.description
                }
            }
            guard let document else {
                let reason = rejection ?? "unreadable"
                let event = try database.recordRejection(file: identity, reason: reason)
                signal.publish(event.seq)
                try finishMove(relative, outcome: .fileRejected, reason: reason, seq: event.seq)
                logger.info("rejected", metadata: ["file": "\(relative)", "seq": "\(event.seq)", "reason": "\(reason)"])
                return .rejected(event)
            }
            let prepared = PreparedDocument.prepare(document, parameters: configuration.dedupParameters)
            let exact = try database.version(withContentHash: prepared.contentHash)
            let decision: Decision
            if document.withdrawn {
                guard let withdrawal = try withdrawalDecision(prepared) else {
                    let ids = ([document.identity].compactMap { $0 } + document.relatedIdentities)
                    let reason = ids.isEmpty
                        ? "a \(document.format) kill or withdrawal without an identity: it names no story to withdraw"
                        : "a \(document.format) kill or withdrawal for \(ids.joined(separator: ", ")), which no stored story carries"
                    let event = try database.recordRejection(file: identity, reason: reason)
                    signal.publish(event.seq)
                    try finishMove(relative, outcome: .fileRejected, reason: reason, seq: event.seq)
                    logger.info("rejected", metadata: ["file": "\(relative)", "seq": "\(event.seq)", "reason": "\(reason)"])
                    return .rejected(event)
                }
                decision = withdrawal
            } else {
                decision = try identityDecision(prepared, exact: exact) ?? engine.decide(prepared, exactMatch: exact)
            }
            let recorded = try database.recordDecision(decision, for: prepared, file: identity)
            if let stored = recorded.stored { engine.remember(prepared, as: stored) }
            signal.publish(recorded.event.seq)
            try finishMove(relative, outcome: recorded.event.type, reason: nil, seq: recorded.event.seq)
            logger.info("decided", metadata: [
                "file": "\(relative)", "seq": "\(recorded.event.seq)", "type": "\(recorded.event.type)",
                "story": "\(recorded.event.story ?? 0)", "version": "\(recorded.event.version ?? 0)",
            ])
            return .decided(recorded.event)
        } catch {
            logger.error("file not decided; it stays in the inbox", metadata: ["file": "\(relative)", "error": "\(error)"])
            return .failed("\(error)")
        }
    }

    /// The decision for a document whose format identity a stored story carries, or nil.
    func identityDecision(_ prepared: PreparedDocument, exact: VersionRef?) throws -> Decision? {
        let doc = prepared.document
        let identities = [doc.identity].compactMap { $0 } + doc.relatedIdentities
        guard let (identity, newest) = try database.storyVersion(forIdentities: identities),
              let stored = try database.storedSketch(version: newest.id, parameters: configuration.dedupParameters) else { return nil }
        var identical = exact
        if let found = exact, found.story != newest.story {
            identical = try database.version(withContentHash: prepared.contentHash, story: newest.story)
        }
        return IdentityMatch.decide(prepared, identity: identity, newest: newest, newestTime: stored.time,
                                    newestSketch: stored.sketch, identical: identical, parameters: configuration.dedupParameters)
    }

    /// The withdrawal of the story a kill's identity names, or nil when none carries it.
    func withdrawalDecision(_ prepared: PreparedDocument) throws -> Decision? {
        let doc = prepared.document
        let identities = [doc.identity].compactMap { $0 } + doc.relatedIdentities
        guard let (identity, newest) = try database.storyVersion(forIdentities: identities) else { return nil }
        return .withdrawal(.init(matched: newest, similarity: 0, containment: 0,
                                 reason: "\(doc.format) kill or withdrawal for \(identity)"))
    }

    /// Moves a decided file to `processed/`, or a rejected one to `rejected/` with its reason.
    private func finishMove(_ relative: String, outcome: EventType, reason: String?, seq: Int64) throws {
        if outcome == .fileRejected {
            let text = "file: \(relative)\nevent: \(seq)\nreason: \(reason ?? "unknown")\n"
            _ = try mover.moveToRejected(relative, reason: text)
        } else {
            _ = try mover.moveToProcessed(relative)
        }
    }

    static func describeNonRegular(_ kind: mode_t) -> String? {
        switch kind {
        case S_IFREG: nil
        case S_IFLNK: "symbolic link (not followed)"
        case S_IFIFO: "FIFO (named pipe)"
        case S_IFSOCK: "socket"
        case S_IFCHR: "character device"
        case S_IFBLK: "block device"
        default: "not a regular file"
        }
    }

    struct ReadError: Error { let errno: Int32 }

    /// `fcntl` commands for file leases (linux/fcntl.h), which Glibc's module does not export.
    static let setLease: Int32 = 1024, readLease: Int32 = 0, unlock: Int32 = 2

    /// Reads a regular file whole without following links or blocking on special files.
    ///
    /// With `refuseIfOpenForWriting`, fails with `EAGAIN` while another process holds the file
    /// open for writing (a read lease is refused then); where leases are not allowed (another
    /// user's file without CAP_LEASE), the settle time alone protects against partial reads.
    static func readFile(_ path: String, expectedInode: ino_t, refuseIfOpenForWriting: Bool = false) -> Result<[UInt8], ReadError> {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(ReadError(errno: errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(ReadError(errno: errno)) }
        guard (info.st_mode & S_IFMT) == S_IFREG, info.st_ino == expectedInode else { return .failure(ReadError(errno: ENOENT)) }
        if refuseIfOpenForWriting {
            if fcntl(fd, setLease, readLease) == 0 {
                _ = fcntl(fd, setLease, unlock)
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                return .failure(ReadError(errno: EAGAIN))
            }
        }
        var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0))
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count))) }
            let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ReadError(errno: errno))
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return .success(bytes)
    }
}
