import Foundation
import Hummingbird
import Store
import Sync

extension APIRoutes {
    /// `GET /v1/stories?limit&cursor&since&source&withdrawn&has_duplicates`.
    func stories(_ request: Request) throws -> Response {
        let query = QueryParameter(request: request)
        let limit = try query.integer("limit", default: 50, in: 1...1000)
        var filter = StoryFilter()
        if let since = request.uri.queryParameters["since"] {
            guard let date = RFC3339.parse(String(since)) else {
                throw HTTPError(.badRequest, message: "query parameter 'since' must be an RFC 3339 time, e.g. 2026-11-24T09:00:00Z; got '\(since)'")
            }
            filter.updatedSince = date
        }
        filter.source = request.uri.queryParameters["source"].map(String.init)
        filter.withdrawn = try query.bool("withdrawn")
        filter.hasDuplicates = try query.bool("has_duplicates")
        var cursor: StoryCursor?
        if let token = request.uri.queryParameters["cursor"] {
            guard let parsed = StoryCursor(token: String(token)) else {
                throw HTTPError(.badRequest, message: "query parameter 'cursor' is not a cursor this server gave out")
            }
            cursor = parsed
        }
        let page = try database.stories(matching: filter, limit: limit, after: cursor)
        return try Self.json(StoryPage(stories: page.stories, nextCursor: page.next?.token))
    }

    /// `GET /v1/stories/{id}`.
    func story(_ idText: String) throws -> Response {
        let id = try Self.positiveID(idText, "story id")
        guard let story = try database.story(id: id) else {
            throw HTTPError(.notFound, message: "no story with id \(id)")
        }
        return try Self.json(story)
    }

    /// `GET /v1/stories/{id}/versions/{n}`.
    func version(_ idText: String, _ numberText: String) throws -> Response {
        let id = try Self.positiveID(idText, "story id")
        let number = Int(try Self.positiveID(numberText, "version number"))
        guard let version = try database.version(story: id, number: number) else {
            throw HTTPError(.notFound, message: "story \(id) has no version \(number)")
        }
        return try Self.json(version)
    }

    /// `GET /v1/stories/{id}/diff?from=A&to=B`: defaults compare the newest version with the one before.
    func diff(_ request: Request, _ idText: String) throws -> Response {
        let id = try Self.positiveID(idText, "story id")
        guard let story = try database.story(id: id) else {
            throw HTTPError(.notFound, message: "no story with id \(id)")
        }
        let query = QueryParameter(request: request)
        let newest = story.versions.count
        let to = try query.integer("to", default: newest, in: 1...max(newest, 1))
        let from = try query.integer("from", default: max(to - 1, 1), in: 1...max(newest, 1))
        guard newest > 0 else { throw HTTPError(.notFound, message: "story \(id) has no versions") }
        let a = story.versions[from - 1], b = story.versions[to - 1]
        let runs = WordDiff.diff(a.headline + "\n\n" + a.body, b.headline + "\n\n" + b.body)
        return try Self.json(VersionDiff(story: id, from: from, to: to, runs: runs))
    }
}
