import Foundation
import Testing

/// A store of the seed and the fixture articles, made once for these tests.
private let viewStore: Result<String, any Error> = Result {
    let folder = try temporaryFolder()
    let db = folder.appendingPathComponent("views.sqlite").path
    let articles = TupuProcess.repository.appendingPathComponent("Tests/Fixtures/articles").path
    let ingest = try TupuProcess.run(["ingest", "--db", db, TupuProcess.seeds, articles])
    guard ingest.status == 0 else { throw CLIFailure(description: ingest.stderr) }
    return db
}

private struct CLIFailure: Error, CustomStringConvertible {
    var description: String
}

private let meeting = "全省深入推进《全面深化前海深港现代服务业合作区改革开放方案》现场会（2022-09-27）"

@Suite(.serialized) struct ViewCommandTests {
    @Test func anEventViewIsTitledWithItsEventAndItsOwnDocument() throws {
        let db = try viewStore.get()
        let result = try TupuProcess.run(["render", "--db", db, "--event", meeting])
        #expect(result.status == 0, "\(result.stderr)")
        let label = try #require(result.stdout.split(separator: "\n").first { $0.contains("graph [") })
        #expect(label.contains("现场会（2022-09-27）"))
        #expect(label.contains("据 1 篇报道"))
        #expect(!label.contains(" 等 "))
    }

    @Test func theDefaultSizeLimitIsStatedWhereItCuts() throws {
        let db = try viewStore.get()
        let small = try TupuProcess.run(["render", "--db", db, "--max-nodes", "20"])
        #expect(small.status == 0, "\(small.stderr)")
        #expect(small.stderr.contains("showing 20 of"))
        #expect(small.stderr.contains("--all"))
        #expect(small.stdout.contains("显示 20 /"))
        let all = try TupuProcess.run(["render", "--db", db, "--all"])
        #expect(all.status == 0)
        #expect(all.stderr.isEmpty, "\(all.stderr)")
    }

    @Test func dateWindowsAreCheckedAndApplied() throws {
        let db = try viewStore.get()
        let bad = try TupuProcess.run(["render", "--db", db, "--since", "2023-1-1"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("yyyy-mm-dd"))
        let reversed = try TupuProcess.run(["render", "--db", db, "--since", "2024", "--until", "2023"])
        #expect(reversed.status == 64)
        let window = try TupuProcess.run(["render", "--db", db, "--all", "--since", "2022-09", "--until", "2022-09"])
        #expect(window.status == 0, "\(window.stderr)")
        #expect(window.stdout.contains("李希"))
        let empty = try TupuProcess.run(["render", "--db", db, "--all", "--since", "2999"])
        #expect(empty.status == 0)
        #expect(!empty.stdout.contains("李希"))
    }

    @Test func theCoAttendanceNetworkRenders() throws {
        let db = try viewStore.get()
        let folder = try temporaryFolder()
        let png = folder.appendingPathComponent("people.png").path
        let result = try TupuProcess.run(["render", "--db", db, "--center", "李希", "--network", "co-attendance", "-o", png])
        #expect(result.status == 0, "\(result.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(bytes.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        let dot = try TupuProcess.run(["render", "--db", db, "--center", "李希", "--network", "co-attendance", "--max-nodes", "3"])
        #expect(dot.stdout.hasPrefix("graph \"tupu\""))
        #expect(dot.stdout.contains("与“李希”共同出席活动的人"))
        #expect(dot.stderr.contains("showing the 3 persons"))
        let noCenter = try TupuProcess.run(["render", "--db", db, "--network", "co-attendance"])
        #expect(noCenter.status == 64)
        let place = try TupuProcess.run(["render", "--db", db, "--center", "深圳", "--network", "co-attendance"])
        #expect(place.status == 64)
        #expect(place.stderr.contains("no person"))
    }

    @Test func anUnknownCentreIsRefusedWithSuggestions() throws {
        let db = try viewStore.get()
        let result = try TupuProcess.run(["render", "--db", db, "--center", "李希希"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("did you mean \"李希\""))
    }

    @Test func anHTMLPageIsWritten() throws {
        let db = try viewStore.get()
        let folder = try temporaryFolder()
        let html = folder.appendingPathComponent("graph.html").path
        let result = try TupuProcess.run(["render", "--db", db, "--event", meeting, "-o", html])
        #expect(result.status == 0, "\(result.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<svg"))
        #expect(page.contains("\"sentence\":\""))
        #expect(!page.contains("<script src"))
    }

    /// `tupu serve`: the page, a query, and refusals of other hosts and of writes.
    @Test func serveAnswersLocalReadsOnly() throws {
        let db = try viewStore.get()
        let process = Process()
        process.executableURL = TupuProcess.executable
        process.arguments = ["serve", "--db", db, "--requests", "5"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        let port = try #require(text.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) }, "\(text)")

        func request(_ head: String) throws -> String {
            try rawRequest(port: port, head)
        }
        let page = try request("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
        #expect(page.hasPrefix("HTTP/1.1 200"))
        #expect(page.contains("id=\"queryform\""))
        let query = try request("GET /api/query?q=%3Fp+presided+%3Fe HTTP/1.1\r\nHost: localhost:\(port)\r\n\r\n")
        #expect(query.contains("\"columns\":[\"p\",\"e\"]"))
        #expect(query.contains("王伟中"))
        let otherHost = try request("GET / HTTP/1.1\r\nHost: evil.example:\(port)\r\n\r\n")
        #expect(otherHost.hasPrefix("HTTP/1.1 403"))
        let post = try request("POST /api/query HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: 0\r\n\r\n")
        #expect(post.hasPrefix("HTTP/1.1 405"))
        let expand = try request("GET /api/expand?ids=1 HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
        #expect(expand.contains("\"svg\":\"<svg"))
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// The page in a real browser (headless Chromium through Selenium, scripts/browser-check.py):
    /// a click on a node shows its facts, a click on an edge its evidence with the span marked
    /// and the document's title; pinyin, search and the kind filter work. Set
    /// TUPU_SKIP_BROWSER_TESTS=1 to skip it where no browser can be installed; otherwise a
    /// missing browser fails the test (scripts/install-deps.sh installs it).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TUPU_SKIP_BROWSER_TESTS"] != "1"))
    func thePageWorksInABrowser() throws {
        let db = try viewStore.get()
        let folder = try temporaryFolder()
        let html = folder.appendingPathComponent("graph.html").path
        let render = try TupuProcess.run(["render", "--db", db, "--event", meeting, "-o", html])
        #expect(render.status == 0, "\(render.stderr)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TupuProcess.repository.appendingPathComponent("scripts/browser-check.py").path, html]
        let result = try TupuProcess.collect(process)
        #expect(result.status == 0, "browser check failed (install: scripts/install-deps.sh): \(result.stdout) \(result.stderr)")
        let seen = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(seen?["ok"] as? Bool == true)
        #expect(seen?["external"] as? Int == 0)
        let node = seen?["node"] as? [String: Any]
        #expect(node?["panel"] as? String == node?["clicked"] as? String)
        #expect((node?["facts"] as? Int ?? 0) > 0)
        let edge = seen?["edge"] as? [String: Any]
        let marked = edge?["marked"] as? [String] ?? []
        #expect(!marked.isEmpty)
    }
}

/// Sends one raw HTTP request to 127.0.0.1:port and returns the whole response.
private func rawRequest(port: Int, _ head: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", """
        import socket, sys
        s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
        s.sendall(sys.argv[2].encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk: break
            data += chunk
        sys.stdout.write(data.decode("utf-8", "replace"))
        """, String(port), head]
    return try TupuProcess.collect(process).stdout
}
