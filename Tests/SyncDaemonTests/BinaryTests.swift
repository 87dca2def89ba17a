import Foundation
@testable import Store
import Sync
import Testing

/// The built executables, run as a newcomer would: output, exit codes, files on disk.
@Suite("syncd and syncctl binaries", .serialized)
struct BinaryTests {
    @Test func syncdOnceDecidesTheInboxAndExits() async throws {
        let home = try TestHome()
        for seed in try Seeds.all() { try home.drop(seed.name, seed.data) }
        try home.drop("reuters/copy.txt", try Seeds.all()[0].data)
        try home.drop("junk.bin", Data([0, 1, 2, 3, 255]))
        let output = try await Binary.run("syncd", ["--home", home.root.path, "--once", "--log-level", "warning"], directory: home.root)
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(output.stdout.contains("decided 7 files: 1 duplicate.seen, 1 file.rejected, 5 story.created"), "stdout: \(output.stdout)")
        // Then the time from the start-up scan's end, which bench/run reads: "deciding took
        // 0.012 s = 583 files/s, after 0.004 s of start-up and inbox scan".
        let timing = output.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let figures = timing.split(whereSeparator: { !"0123456789.".contains($0) }).compactMap { Double($0) }
        #expect(timing.hasPrefix("deciding took ") && timing.hasSuffix(" s of start-up and inbox scan") && figures.count == 3,
                "stdout: \(output.stdout)")
        if figures.count == 3 {
            // The rate is 7 files over the time before it was rounded to milliseconds.
            let (seconds, rate) = (figures[0], figures[1])
            #expect(rate >= (7 / (seconds + 0.0005)).rounded(.down) && (seconds < 0.0005 || rate <= (7 / (seconds - 0.0005)).rounded(.up)),
                    "\(figures)")
        }
        // The progress total comes from the daemon's start-up scan; the last file draws it.
        #expect(output.stderr.contains("progress: 7/7 "), "stderr: \(output.stderr)")
        #expect(home.files(in: home.home.inbox).isEmpty)
        #expect(home.files(in: home.home.rejected) == ["junk.bin", "junk.bin.reason"])
        #expect(home.files(in: home.home.processed).count == 6)
        // syncd.sqlite alone holds every decision (the WAL is emptied at the end): a copy of
        // the database file without its -wal, as a backup script might make, has all 7 events.
        var info = stat()
        let wal = stat(home.home.database.path + "-wal", &info) == 0 ? Int(info.st_size) : 0
        #expect(wal == 0, "syncd.sqlite-wal holds \(wal) bytes after a clean --once")
        let alone = home.root.appending(path: "alone.sqlite")
        try FileManager.default.copyItem(at: home.home.database, to: alone)
        #expect(try Database(path: alone.path).events(since: 0, limit: 100).count == 7)
    }

    /// A database file that is not one gets a hint about the database, not about the folder.
    @Test func aDamagedDatabaseIsNamedInTheHint() async throws {
        let home = try TestHome()
        try FileManager.default.createDirectory(at: home.root, withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 8192).write(to: home.home.database)
        let output = try await Binary.run("syncd", ["--home", home.root.path, "--once"], directory: home.root)
        #expect(output.status == 1)
        #expect(output.stderr.contains("Error: ") && output.stderr.contains("syncd.sqlite is damaged or not syncd's database"),
                "stderr: \(output.stderr)")
    }

    /// SIGTERM in the middle of `syncd --once`: what was decided is stored, the rest stays in the
    /// inbox, and the run says so and exits 1 (it had printed its summary and exited 0, so
    /// `syncd --once && next-step` went on with half a backfill).
    @Test func anInterruptedOnceRunSaysSoAndExitsOne() async throws {
        let home = try TestHome()
        let total = 3000
        for i in 0..<total { try home.drop(String(format: "item-%05d.txt", i), "Story \(i) headline\n\nBody of story \(i): figures \(i * 7).\n") }
        let run = try Binary.Running("syncd", ["--home", home.root.path, "--once", "--log-level", "error"], directory: home.root)
        // Once deciding is under way (the signal handlers are set up by then), and well before the end.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        while run.process.isRunning, home.fileCount(in: home.home.processed) < 100, clock.now < deadline {
            try await Task.sleep(for: .milliseconds(2))
        }
        run.signal(SIGTERM)
        let output = await run.wait()
        let left = home.fileCount(in: home.home.inbox)
        try #require(left > 0, "the backlog finished before the signal")
        #expect(output.status == 1, "stdout: \(output.stdout) stderr: \(output.stderr)")
        #expect(output.stderr.contains("stopped (SIGTERM or SIGINT) before the end: \(left) file"), "stderr: \(output.stderr)")
        #expect(output.stderr.contains("Hint: run syncd --once again"))
        let database = try Database(path: home.home.database.path)
        #expect(try database.counts().lastSeq == Int64(total - left))
    }

    @Test func syncdDefaultsToANewsroomFolderInTheCurrentDirectory() async throws {
        let home = try TestHome()
        let output = try await Binary.run("syncd", ["--once"], directory: home.root)
        #expect(output.status == 0, "stderr: \(output.stderr)")
        for folder in ["inbox", "processed", "rejected"] {
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: home.root.appending(path: "newsroom/\(folder)").path, isDirectory: &isDirectory) && isDirectory.boolValue)
        }
        #expect(FileManager.default.fileExists(atPath: home.root.appending(path: "newsroom/syncd.sqlite").path))
    }

    @Test func aCopiedBinaryStillMigratesItsDatabase() async throws {
        let home = try TestHome()
        let copy = home.root.appending(path: "bin/syncd")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Binary.directory.appending(path: "syncd"), to: copy)
        let process = Process()
        process.executableURL = copy
        process.arguments = ["--home", home.root.appending(path: "elsewhere").path, "--once", "--log-level", "error"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        // Read with a bare connection: opening a Database would migrate it itself.
        let connection = try Connection(path: home.root.appending(path: "elsewhere/syncd.sqlite").path, readOnly: true)
        let applied = try connection.query("SELECT version FROM schema_migrations ORDER BY version") { $0.int(0) }
        #expect(applied == EmbeddedMigrations.all.map(\.version).sorted())
    }

    @Test func badFlagsSayWhatToDo() async throws {
        let home = try TestHome()
        let listen = try await Binary.run("syncd", ["--listen", "nowhere", "--once"], directory: home.root)
        #expect(listen.status == 64)
        #expect(listen.stderr.contains("Error:") && listen.stderr.contains("HOST:PORT"), "stderr: \(listen.stderr)")
        // A negative number is the option's value, refused by name (not taken for an unknown flag).
        let ctl = try await Binary.run("syncctl", ["changes", "--since", "-4"], directory: home.root)
        #expect(ctl.status == 64)
        #expect(ctl.stderr.contains("Error: --since must be 0 or a positive seq; got -4"), "stderr: \(ctl.stderr)")
        let from = try await Binary.run("syncctl", ["diff", "3", "--from", "-1"], directory: home.root)
        #expect(from.status == 64)
        #expect(from.stderr.contains("Error: --from must be a version number (1 or more); got -1"), "stderr: \(from.stderr)")
        let server = try await Binary.run("syncctl", ["status", "--server", "ftp://example"], directory: home.root)
        #expect(server.status == 64)
        #expect(server.stderr.contains("--server must be an http://"))
        let api = try await Binary.run("syncctl", ["status", "--server", "http://127.0.0.1:7411/v1/"], directory: home.root)
        #expect(api.status == 64)
        #expect(api.stderr.contains("--server takes syncd's address without the API path: http://127.0.0.1:7411, not"),
                "stderr: \(api.stderr)")
        let query = try await Binary.run("syncctl", ["status", "--server", "http://example.org:8080/syncd/v1?x=1"], directory: home.root)
        #expect(query.status == 64)
        #expect(query.stderr.contains("without the API path: http://example.org:8080/syncd, not"), "stderr: \(query.stderr)")
    }

    @Test func syncctlSendsTheTokenAndExplainsAMissingOne() async throws {
        let home = try TestHome()
        let server = try Binary.Running("syncd", ["--home", home.root.path, "--listen", "127.0.0.1:0"], directory: home.root,
                                        environment: ["SYNCD_TOKEN": "binary-test-token-0123"])
        var url: String?
        _ = await eventually(timeout: .seconds(20)) {
            if let range = server.stderr.range(of: #"address=127\.0\.0\.1:\d+"#, options: .regularExpression) {
                url = "http://" + server.stderr[range].dropFirst("address=".count)
            }
            return url != nil
        }
        let base = try #require(url)
        let denied = try await Binary.run("syncctl", ["status", "--server", base], directory: home.root)
        #expect(denied.status == 1)
        #expect(denied.stderr.contains("401") && denied.stderr.contains("--token"), "stderr: \(denied.stderr)")
        let allowed = try await Binary.run("syncctl", ["status", "--server", base], directory: home.root,
                                           environment: ["SYNCCTL_TOKEN": "binary-test-token-0123"])
        #expect(allowed.status == 0, "stderr: \(allowed.stderr)")
        #expect(allowed.stdout.contains("health     ok"))
        server.signal(SIGTERM)
        #expect(await server.wait(timeout: .seconds(20)).status == 0)

        let open = try await Binary.run("syncd", ["--home", home.root.path, "--listen", "0.0.0.0:0"], directory: home.root)
        #expect(open.status == 1)
        #expect(open.stderr.contains("Error: invalid listen") && open.stderr.contains("SYNCD_TOKEN"), "stderr: \(open.stderr)")
    }

    @Test func syncctlReadsARunningSyncd() async throws {
        let home = try TestHome()
        let (server, url) = try await Binary.startServer(home: home.root, in: home.root)
        let seeds = try Seeds.all()
        for seed in seeds { try home.drop(seed.name, seed.data) }
        try home.drop("ap/again.txt", seeds[1].data)
        try home.drop("broken.txt", Data([0x41, 0x0A, 0x00, 0x00]))

        // --follow sees the events as they are decided.
        let follower = try Binary.Running("syncctl", ["changes", "--follow", "--json", "--limit", "7"],
                                          directory: home.root, environment: ["SYNCCTL_SERVER": url])
        let followed = await follower.wait(timeout: .seconds(30))
        #expect(followed.status == 0, "stderr: \(followed.stderr)")
        let lines = followed.stdout.split(separator: "\n")
        #expect(lines.count == 7)
        let events = try lines.map { try WireJSON.decoder().decode(FeedEvent.self, from: Data($0.utf8)) }
        #expect(events.map(\.seq) == Array(1...7))
        #expect(events.filter { $0.type == .storyCreated }.count == 5)
        let duplicate = try #require(events.first { $0.type == .duplicateSeen })
        #expect(duplicate.file == "ap/again.txt")
        #expect(duplicate.story == events.first { $0.file == seeds[1].name }?.story)
        #expect(events.first { $0.type == .fileRejected }?.file == "broken.txt")

        // The same feed without --follow, as JSON: exactly the served objects, one per line.
        let json = try await Binary.run("syncctl", ["changes", "--json", "--server", url], directory: home.root)
        #expect(json.status == 0)
        #expect(json.stdout == followed.stdout)

        let text = try await Binary.run("syncctl", ["changes", "--since", "5", "--server", url], directory: home.root)
        #expect(text.status == 0)
        #expect(text.stdout.split(separator: "\n").count == 2)
        #expect(text.stdout.contains("#6") && text.stdout.contains("duplicate.seen") && text.stdout.contains("ap/again.txt"))
        #expect(text.stdout.contains("#7") && text.stdout.contains("file.rejected"))
        #expect(!text.stderr.contains("warning"))
        // A reader resuming past the feed's end (its database was replaced) is told so.
        let ahead = try await Binary.run("syncctl", ["changes", "--since", "3000", "--server", url], directory: home.root)
        #expect(ahead.status == 0 && ahead.stdout.isEmpty)
        #expect(ahead.stderr.contains("the server's feed ends at seq 7, before seq 3000") && ahead.stderr.contains("--since 0"),
                "stderr: \(ahead.stderr)")

        let status = try await Binary.run("syncctl", ["status", "--json", "--server", url], directory: home.root)
        let decoded = try WireJSON.decoder().decode(ServerStatus.self, from: Data(status.stdout.utf8))
        #expect(decoded.stories == 5 && decoded.duplicates == 1 && decoded.rejected == 1 && decoded.lastSeq == 7)

        let story = try await Binary.run("syncctl", ["story", "\(duplicate.story!)", "--server", url], directory: home.root)
        #expect(story.status == 0)
        #expect(story.stdout.contains("Story \(duplicate.story!):"))
        #expect(story.stdout.contains("v1 · \(seeds[1].name)"))

        let missing = try await Binary.run("syncctl", ["story", "999", "--server", url], directory: home.root)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("Error: syncd answered 404: no story with id 999"))
        #expect(missing.stderr.contains("Hint: check the id"))
        // A path after the address: every route is missing, and the hint says so.
        let prefixed = try await Binary.run("syncctl", ["status", "--server", url + "/api"], directory: home.root)
        #expect(prefixed.status == 1)
        #expect(prefixed.stderr.contains("Error: syncd answered 404: no such resource: GET /api/v1/status"), "stderr: \(prefixed.stderr)")
        #expect(prefixed.stderr.contains("Hint: check that --server is syncd's address alone"))

        server.signal(SIGTERM)
        let stopped = await server.wait(timeout: .seconds(20))
        #expect(stopped.status == 0, "syncd did not stop cleanly on SIGTERM: \(stopped.stderr)")

        let down = try await Binary.run("syncctl", ["status", "--server", url], directory: home.root)
        #expect(down.status == 1)
        #expect(down.stderr.contains("Error: cannot reach syncd"))
        #expect(down.stderr.contains("Hint: is syncd running?"))
    }

    /// The foundation's promise: SIGKILL at any moment loses no file and decides none twice.
    @Test func killNineDuringABacklogDecidesEveryFileExactlyOnce() async throws {
        let home = try TestHome()
        let total = 4000
        var expectedRejected = Set<String>()
        for i in 0..<total {
            let name = String(format: "wire%d/item-%05d.txt", i % 3, i)
            if i % 97 == 0 {
                try home.drop(name, Data([0x00, 0xFF, 0x00]))
                expectedRejected.insert(name)
            } else {
                // Every fourth story repeats an earlier one word for word: duplicates in the backlog.
                let n = i % 4 == 0 ? i / 2 : i
                try home.drop(name, "Story \(n) headline\n\nBody of story \(n): figures \(n * 7), place \(n % 11).\n")
            }
        }
        // Files decided so far (a rejected file counts twice, with its reason: only growth matters).
        let decided = { home.fileCount(in: home.home.processed) + home.fileCount(in: home.home.rejected) }
        var kills = 0
        for round in 0..<10 {
            let before = decided()
            if before >= total + expectedRejected.count { break }
            let run = try Binary.Running("syncd", ["--home", home.root.path, "--once", "--log-level", "error"], directory: home.root)
            // Kill after a varying amount of progress, mid-stream. The check is polled every
            // couple of milliseconds: a release-speed daemon decides thousands of files a second.
            let target = before + 30 + (round % 5) * 40
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(60)
            while run.process.isRunning, decided() < target, clock.now < deadline {
                try await Task.sleep(for: .milliseconds(2))
            }
            if run.process.isRunning {
                run.signal(SIGKILL)
                kills += 1
            }
            _ = await run.wait()
        }
        #expect(kills >= 3, "the backlog finished after \(kills) kills, before syncd could be killed enough times")
        let final = try await Binary.run("syncd", ["--home", home.root.path, "--once", "--log-level", "error"], directory: home.root)
        #expect(final.status == 0, "stderr: \(final.stderr)")

        #expect(home.files(in: home.home.inbox).isEmpty)
        let processed = home.files(in: home.home.processed)
        let rejected = home.files(in: home.home.rejected).filter { !$0.hasSuffix(".reason") }
        #expect(processed.count + rejected.count == total)
        #expect(Set(rejected) == expectedRejected)
        #expect(!processed.contains { $0.contains("~") }, "a file was kept twice")

        let database = try Database(path: home.home.database.path)
        let events = try database.events(since: 0, limit: 10_000)
        #expect(events.map(\.seq) == Array(1...Int64(total)))
        #expect(Set(events.compactMap(\.file)).count == total)
        #expect(events.filter { $0.type == .fileRejected }.count == expectedRejected.count)
        #expect(events.filter { $0.type == .duplicateSeen }.count > 0)
        #expect(try database.integrityCheck() == ["ok"])
    }
}

extension BinaryTests {
    @Test func checkConfigShowsSourcesAndNamesABadKey() async throws {
        let home = try TestHome()
        let config = home.root.appending(path: "syncd.toml")
        try Data("listen = \"127.0.0.1:9999\"\n[ingest]\nmax_file_bytes = 2048\n".utf8).write(to: config)
        let srv = home.root.path + "/srv/x"  // not there yet: syncd would make it
        let good = try await Binary.run("syncd", ["check-config", "--config", config.path, "--home", srv], directory: home.root,
                                        environment: ["SYNCD_LOG_LEVEL": "debug"])
        #expect(good.status == 0, "stderr: \(good.stderr)")
        #expect(good.stdout.contains("\"\(srv)\"") && good.stdout.contains("# flag --home"))
        #expect(good.stdout.contains("\"127.0.0.1:9999\"") && good.stdout.contains("syncd.toml:1"))
        #expect(good.stdout.contains("# env SYNCD_LOG_LEVEL"))
        try Data("[ingest]\nmax_file_bytes = -5\n".utf8).write(to: config)
        let bad = try await Binary.run("syncd", ["check-config"], directory: home.root, environment: ["SYNCD_CONFIG": config.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("Error: invalid ingest.max_file_bytes") && bad.stderr.contains("Hint:"), "stderr: \(bad.stderr)")
        // A home syncd could not make: below a file.
        let unusable = try await Binary.run("syncd", ["check-config", "--home", config.path + "/home"], directory: home.root)
        #expect(unusable.status == 1)
        #expect(unusable.stderr.contains("Error: invalid home") && unusable.stderr.contains("is a file")
                && unusable.stderr.contains("Hint: give syncd a folder it can write"), "stderr: \(unusable.stderr)")
        // Nor in /proc, where permissions say yes to root but no folder can be made.
        if FileManager.default.fileExists(atPath: "/proc/self") {
            let proc = try await Binary.run("syncd", ["check-config", "--home", "/proc/newsroom"], directory: home.root)
            #expect(proc.status == 1 && proc.stderr.contains("cannot create folders in '/proc'"), "stderr: \(proc.stderr)")
        }
        let version = try await Binary.run("syncd", ["--version"], directory: home.root)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }
}

extension BinaryTests {
    /// The editor's "done when": groups of the last hour, one group, a diff, why two items were
    /// merged (or not), a split that stays split — and the same with --json for scripts.
    @Test func syncctlDuplicatesExplainAndSplit() async throws {
        let home = try TestHome()
        let (server, url) = try await Binary.startServer(home: home.root, in: home.root)
        let env = ["SYNCCTL_SERVER": url, "NO_COLOR": "1", "COLUMNS": "100"]
        let seeds = try Seeds.all()
        for seed in seeds { try home.drop(seed.name, seed.data) }
        _ = await eventually { home.files(in: home.home.processed).count == 5 }
        let (corrected, old, new) = try DedupEndToEndTests.correctFirstFigure(String(decoding: seeds[0].data, as: UTF8.self))
        try home.drop("afp/corrected.txt", corrected)
        _ = await eventually { home.files(in: home.home.processed).count == 6 }

        let dups = try await Binary.run("syncctl", ["dups"], directory: home.root, environment: env)
        #expect(dups.status == 0, "stderr: \(dups.stderr)")
        let rows = dups.stdout.split(separator: "\n")
        #expect(rows.count == 2 && rows[0].hasPrefix("STORY"))
        let story = try #require(rows.dropFirst().first.flatMap { Int64($0.split(separator: " ")[0]) })
        let group = try await Binary.run("syncctl", ["dups", "\(story)"], directory: home.root, environment: env)
        #expect(group.stdout.contains("version.added") && group.stdout.contains("afp/corrected.txt"))
        let diff = try await Binary.run("syncctl", ["diff", "\(story)"], directory: home.root, environment: env)
        #expect(diff.stdout.contains("[-\(old)-]{+\(new)+}"), "stdout: \(diff.stdout)")

        let why = try await Binary.run("syncctl", ["explain", "\(story)/1", "\(story)/2"], directory: home.root, environment: env)
        #expect(why.status == 0, "stderr: \(why.stderr)")
        #expect(why.stdout.contains("Decision: a new version of the same story"))
        #expect(why.stdout.contains("Changed figures: \(old) → \(new)"))
        let whyNot = try await Binary.run("syncctl", ["explain", "\(story)", "\(story + 1)", "--json"], directory: home.root, environment: env)
        let explanation = try WireJSON.decoder().decode(Explanation.self, from: Data(whyNot.stdout.utf8))
        #expect(explanation.decision == "story.created")
        let similar = try await Binary.run("syncctl", ["similar", "\(story)/2", "--json"], directory: home.root, environment: env)
        let list = try WireJSON.decoder().decode(SimilarList.self, from: Data(similar.stdout.utf8))
        #expect(list.results.first.map { $0.story != story } ?? false) // itself excluded: the near misses
        #expect(list.results.allSatisfy { !$0.sameStory })

        let split = try await Binary.run("syncctl", ["split", "\(story)", "2"], directory: home.root, environment: env)
        #expect(split.status == 0, "stderr: \(split.stderr)")
        #expect(split.stdout.hasPrefix("story.split #7"))
        try home.drop("dpa/corrected-copy.txt", corrected)
        _ = await eventually { home.files(in: home.home.processed).count == 7 }
        let after = try await Binary.run("syncctl", ["dups", "--json"], directory: home.root, environment: env)
        let groups = try WireJSON.decoder().decode(GroupList.self, from: Data(after.stdout.utf8))
        #expect(groups.groups.count == 1)
        #expect(groups.groups.first?.members.map(\.type) == [.storySplit, .duplicateSeen]) // the copy joined the split story
        let refused = try await Binary.run("syncctl", ["merge", "3", "3"], directory: home.root, environment: env)
        #expect(refused.status != 0 && refused.stderr.contains("cannot be merged into itself"))
        let badItem = try await Binary.run("syncctl", ["explain", "x/1", "2"], directory: home.root, environment: env)
        #expect(badItem.status != 0 && badItem.stderr.contains("STORY/VERSION"))
        let missingFile = try await Binary.run("syncctl", ["explain", "1", "@/nonexistent/draft.txt"], directory: home.root, environment: env)
        #expect(missingFile.status == 64 && missingFile.stderr.contains("cannot read /nonexistent/draft.txt: No such file"), "\(missingFile.stderr)")
        let prune = try await Binary.run("syncctl", ["prune", "--older-than", "90d", "--dry-run"], directory: home.root, environment: env)
        #expect(prune.status == 0 && prune.stdout.hasPrefix("would remove 0 processed files"), "stdout: \(prune.stdout) stderr: \(prune.stderr)")
        let badAge = try await Binary.run("syncctl", ["prune", "--older-than", "soon"], directory: home.root, environment: env)
        #expect(badAge.status != 0 && badAge.stderr.contains("--older-than must be an age"))
        // Ages beyond what a date holds are usage errors, not a crash here or in syncd.
        for arguments in [["prune", "--older-than", "1e12d", "--dry-run"], ["prune", "--older-than", "infd"],
                          ["stories", "--since", "1e12d"], ["dups", "--since", "nand"]] {
            let refused = try await Binary.run("syncctl", arguments, directory: home.root, environment: env)
            #expect(refused.status == 64 && refused.stderr.contains("up to 100 years"), "\(arguments): \(refused.status) \(refused.stderr)")
        }
        // A reader that has gone (`syncctl changes | head -1`): exit 141 quietly, as after SIGPIPE.
        let closed = Pipe()
        try closed.fileHandleForReading.close()
        let errors = home.root.appending(path: "changes.err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let follower = Process()
        follower.executableURL = Binary.directory.appending(path: "syncctl")
        follower.arguments = ["changes", "--json"]
        follower.environment = ProcessInfo.processInfo.environment.merging(["SYNCCTL_SERVER": url]) { $1 }
        follower.standardOutput = closed.fileHandleForWriting
        follower.standardError = try FileHandle(forWritingTo: errors)
        follower.standardInput = FileHandle.nullDevice
        try follower.run()
        try closed.fileHandleForWriting.close()
        follower.waitUntilExit()
        let stderr = try String(contentsOf: errors, encoding: .utf8)
        #expect(follower.terminationStatus == 141 && stderr.isEmpty, "status \(follower.terminationStatus): \(stderr)")
        server.signal(SIGTERM)
        _ = await server.wait()
    }

    /// The editor's path through syncctl: list groups, read versions, diff, consumers.
    @Test func syncctlEditorCommands() async throws {
        let home = try TestHome()
        let (server, url) = try await Binary.startServer(home: home.root, in: home.root)
        let env = ["SYNCCTL_SERVER": url, "NO_COLOR": "1", "COLUMNS": "80"]
        // One at a time: files in different folders may be decided in either order, and the
        // assertions below name the original (story 1) and the duplicate.
        try home.drop("ap/storm.txt", "Storm hits coast\n\nWinds of 120 km/h hit the coast on Monday.")
        _ = await eventually { home.files(in: home.home.processed).count == 1 }
        try home.drop("reuters/storm.txt", "Storm hits coast\n\nWinds of 120 km/h hit the coast on Monday.")
        _ = await eventually { home.files(in: home.home.processed).count == 2 }
        try home.drop("afp/quake.txt", "Quake shakes city\n\nA magnitude 5 quake shook the city.")
        _ = await eventually { home.files(in: home.home.processed).count == 3 }
        // A second version of the storm story, recorded the way the engine will (until it lands).
        let database = try Database(path: home.home.database.path)
        let doc = StoryDocument(headline: "Storm hits coast", body: "Winds of 130 km/h hit the coast on Monday.", time: Date(),
                                byline: "By Jane Doe", dateline: "PORTLAND, Maine", urgency: 2)
        _ = try database.recordDecision(
            .newVersion(.init(matched: .init(story: 1, id: 1, number: 1), similarity: 0.8, containment: 0.8, reason: "correction")),
            for: .prepare(doc), file: .init(path: "ap/storm-2.txt", size: 1, mtimeNanoseconds: 1, inode: 1, rawHash: "x"))

        let stories = try await Binary.run("syncctl", ["stories"], directory: home.root, environment: env)
        #expect(stories.status == 0, "stderr: \(stories.stderr)")
        let lines = stories.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ID") == true && lines.count == 3)
        #expect(lines.allSatisfy { $0.count <= 80 })
        let groups = try await Binary.run("syncctl", ["stories", "--duplicates", "--since", "1h", "--json"], directory: home.root, environment: env)
        let page = try WireJSON.decoder().decode(StoryPage.self, from: Data(groups.stdout.utf8))
        #expect(page.stories.map(\.headline) == ["Storm hits coast"])
        #expect(page.stories.first?.duplicates == 1 && page.stories.first?.versions == 2)

        // The second version names its writer, place and urgency under its headline; the first, plain text, none.
        let story = try await Binary.run("syncctl", ["story", "1"], directory: home.root, environment: env)
        #expect(story.status == 0, "stderr: \(story.stderr)")
        #expect(story.stdout.contains("Storm hits coast\nBy Jane Doe · PORTLAND, Maine · urgency 2\n"), "stdout: \(story.stdout)")
        #expect(story.stdout.components(separatedBy: "By Jane Doe").count == 2)

        let versions = try await Binary.run("syncctl", ["versions", "1"], directory: home.root, environment: env)
        #expect(versions.stdout.contains("ap/storm.txt") && versions.stdout.contains("ap/storm-2.txt"))

        let diff = try await Binary.run("syncctl", ["diff", "1"], directory: home.root, environment: env)
        #expect(diff.status == 0)
        #expect(diff.stdout.contains("Winds of [-120-]{+130+} km/h"), "stdout: \(diff.stdout)")
        #expect(!diff.stdout.contains("\u{1B}["), "colour without a terminal")
        let jsonDiff = try await Binary.run("syncctl", ["diff", "1", "--from", "1", "--to", "2", "--json"], directory: home.root, environment: env)
        #expect(try WireJSON.decoder().decode(VersionDiff.self, from: Data(jsonDiff.stdout.utf8)).inserted == 1)
        let badDiff = try await Binary.run("syncctl", ["diff", "1", "--to", "7"], directory: home.root, environment: env)
        #expect(badDiff.status == 1 && badDiff.stderr.contains("Error: syncd answered 400"))

        // A named consumer: the first run prints and acknowledges, the second continues after it.
        let first = try await Binary.run("syncctl", ["changes", "--consumer", "desk", "--limit", "2"], directory: home.root, environment: env)
        #expect(first.stdout.split(separator: "\n").map { $0.prefix(3) } == ["#1 ", "#2 "])
        let second = try await Binary.run("syncctl", ["changes", "--consumer", "desk"], directory: home.root, environment: env)
        #expect(second.stdout.split(separator: "\n").map { $0.prefix(3) } == ["#3 ", "#4 "])
        let consumers = try await Binary.run("syncctl", ["consumers"], directory: home.root, environment: env)
        #expect(consumers.stdout.contains("desk") && consumers.stdout.contains("4"))
        let rewind = try await Binary.run("syncctl", ["consumers", "ack", "desk", "1"], directory: home.root, environment: env)
        #expect(rewind.stdout.contains("acknowledged up to 1, 3 behind"))
        let filtered = try await Binary.run("syncctl", ["changes", "--type", "duplicate.seen", "--json"], directory: home.root, environment: env)
        #expect(filtered.stdout.split(separator: "\n").count == 1 && filtered.stdout.contains("reuters/storm.txt"))
        let deleted = try await Binary.run("syncctl", ["consumers", "delete", "desk"], directory: home.root, environment: env)
        #expect(deleted.status == 0)
        let gone = try await Binary.run("syncctl", ["consumers", "delete", "desk"], directory: home.root, environment: env)
        #expect(gone.status == 1 && gone.stderr.contains("404"))

        let completion = try await Binary.run("syncctl", ["--generate-completion-script", "bash"], directory: home.root)
        #expect(completion.status == 0 && completion.stdout.contains("syncctl"))
        server.signal(SIGTERM)
        _ = await server.wait()
    }

    @Test func diffIsColouredOnATerminalUnlessNoColor() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            Issue.record("util-linux `script` is needed to give syncctl a terminal")
            return
        }
        let home = try TestHome()
        let (server, url) = try await Binary.startServer(home: home.root, in: home.root)
        try home.drop("a.txt", "Title\n\nOld words here.")
        _ = await eventually { home.files(in: home.home.processed).count == 1 }
        let database = try Database(path: home.home.database.path)
        _ = try database.recordDecision(
            .newVersion(.init(matched: .init(story: 1, id: 1, number: 1), similarity: 0.5, containment: 0.5, reason: "test")),
            for: .prepare(StoryDocument(headline: "Title", body: "New words here.", time: Date())),
            file: .init(path: "b.txt", size: 1, mtimeNanoseconds: 1, inode: 1, rawHash: "y"))
        let command = "\(Binary.directory.appending(path: "syncctl").path) diff 1 --server \(url)"
        let colored = try await Binary.run("/usr/bin/script", ["-qec", command, "/dev/null"], directory: home.root,
                                           environment: ["NO_COLOR": ""], absolute: true)
        #expect(colored.stdout.contains("\u{1B}[9;31mOld\u{1B}[0m"), "stdout: \(colored.stdout.debugDescription)")
        let plain = try await Binary.run("/usr/bin/script", ["-qec", command, "/dev/null"], directory: home.root,
                                         environment: ["NO_COLOR": "1"], absolute: true)
        #expect(!plain.stdout.contains("\u{1B}[9;31m") && plain.stdout.contains("[-Old-]{+New+}"))
        server.signal(SIGTERM)
        _ = await server.wait()
    }
}
