#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A request as the server read it.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    /// The path without the query string, percent-decoded.
    public var path: String
    /// The query parameters, percent-decoded (`+` as space); the last of a repeated name wins.
    public var query: [String: String]
    /// Header names lower-cased.
    public var headers: [String: String]
}

/// A response to send.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]

    public init(status: Int, contentType: String, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    public static func text(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/plain; charset=utf-8", body: Array((text + "\n").utf8))
    }
}

/// Why the server could not start.
public struct HTTPServerError: Error, CustomStringConvertible {
    public var description: String
}

/// A small HTTP/1.1 server on 127.0.0.1 that answers one request at a time (so a handler that
/// uses a store or Graphviz needs no locking), closes each connection after answering, and
/// refuses what does not come from this machine:
/// - a peer outside 127.0.0.0/8 is answered 403;
/// - a `Host` header other than `127.0.0.1:PORT` or `localhost:PORT` is answered 403 (a page on
///   another site cannot reach the server through a name that resolves to 127.0.0.1);
/// - methods other than GET and HEAD are answered 405.
public final class LocalHTTPServer {
    private let socket: Int32
    /// The port listened on (the one chosen by the system when 0 was asked).
    public let port: UInt16

    /// Binds 127.0.0.1:`port` (0: any free port).
    public init(port: UInt16) throws(HTTPServerError) {
        #if canImport(Glibc)
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw HTTPServerError(description: "cannot open a socket: \(Self.errorText())") }
        var yes: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            let reason = Self.errorText()
            close(fd)
            throw HTTPServerError(description: "cannot listen on 127.0.0.1:\(port): \(reason); choose another port with --port")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.socket = fd
        self.port = UInt16(bigEndian: actual.sin_port)
    }

    deinit {
        close(socket)
    }

    /// Answers requests until `shouldStop` returns true after one (or forever).
    public func serve(shouldStop: () -> Bool = { false }, _ handler: (HTTPRequest) -> HTTPResponse) {
        while true {
            var peer = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let client = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(socket, $0, &length) }
            }
            guard client >= 0 else { continue }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            _ = setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            _ = setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let local = UInt32(bigEndian: peer.sin_addr.s_addr) >> 24 == 127
            let response: HTTPResponse
            var head = false
            if !local {
                response = .text(403, "only requests from this machine are answered")
            } else if let request = readRequest(client) {
                head = request.method == "HEAD"
                response = answer(request, handler)
            } else {
                response = .text(400, "bad request")
            }
            send(response, to: client, head: head)
            close(client)
            if shouldStop() { return }
        }
    }

    private func answer(_ request: HTTPRequest, _ handler: (HTTPRequest) -> HTTPResponse) -> HTTPResponse {
        let host = request.headers["host"] ?? ""
        guard host == "127.0.0.1:\(port)" || host == "localhost:\(port)" else {
            return .text(403, "refused: the Host header must be 127.0.0.1:\(port) or localhost:\(port)")
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            return .text(405, "read-only: only GET and HEAD are answered")
        }
        return handler(request)
    }

    /// Reads the request line and headers (at most 64 KiB); nil when malformed.
    private func readRequest(_ client: Int32) -> HTTPRequest? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 65_536 {
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            bytes += buffer[0..<count]
            if let end = Self.headerEnd(bytes) {
                return Self.parse(Array(bytes[0..<end]))
            }
        }
        return nil
    }

    static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// Parses a request line and headers.
    public static func parse(_ head: [UInt8]) -> HTTPRequest? {
        let text = String(decoding: head, as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return nil }
        let parts = lines.removeFirst().split(separator: " ").map(String.init)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else { return nil }
        var headers: [String: String] = [:]
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            headers[line[..<colon].lowercased()] = String(line[line.index(after: colon)...]).trimmingCharacters(in: " \t")
        }
        let target = parts[1]
        let pieces = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard let path = percentDecoded(String(pieces[0]), plusIsSpace: false) else { return nil }
        var query: [String: String] = [:]
        if pieces.count == 2 {
            for pair in pieces[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let key = percentDecoded(String(kv[0]), plusIsSpace: true),
                    let value = percentDecoded(kv.count == 2 ? String(kv[1]) : "", plusIsSpace: true)
                else { return nil }
                query[key] = value
            }
        }
        return HTTPRequest(method: parts[0], path: path, query: query, headers: headers)
    }

    static func percentDecoded(_ text: String, plusIsSpace: Bool) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else if plusIsSpace && byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private func send(_ response: HTTPResponse, to client: Int32, head: Bool) {
        let reason = [200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 500: "Internal Server Error"][response.status] ?? "Status"
        var out = "HTTP/1.1 \(response.status) \(reason)\r\n"
        out += "Content-Type: \(response.contentType)\r\n"
        out += "Content-Length: \(response.body.count)\r\n"
        out += "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n"
        var bytes = Array(out.utf8)
        if !head { bytes += response.body }
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            sent += count
        }
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
