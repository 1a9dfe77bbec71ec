import Foundation
import NIOCore
import NIOEmbedded
import Testing

@testable import Router

/// Heads the parser must refuse: each gets `400` and a closed connection, and nothing of it is routed.
let malformedHeads: [(String, String)] = [
    ("obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n\tmore\r\n\r\n"),
    ("bare CR in a value", "GET / HTTP/1.1\r\nHost: x\rY\r\n\r\n"),
    ("bare CR ending a line", "GET / HTTP/1.1\r\nHost: x\r\r\n\r\n"),
    ("bare LF ending a field", "GET / HTTP/1.1\r\nHost: x\n\r\n"),
    ("NUL in a value", "GET / HTTP/1.1\r\nHost: x\u{0}y\r\n\r\n"),
    ("DEL in a value", "GET / HTTP/1.1\r\nX-A: a\u{7F}\r\n\r\n"),
    ("space in a name", "GET / HTTP/1.1\r\nX A: 1\r\n\r\n"),
    ("tab before the colon", "GET / HTTP/1.1\r\nHost\t: x\r\n\r\n"),
    ("empty name", "GET / HTTP/1.1\r\n: x\r\n\r\n"),
    ("no colon", "GET / HTTP/1.1\r\nHost x\r\n\r\n"),
    ("non-token in a name", "GET / HTTP/1.1\r\nX-(A): 1\r\n\r\n"),
    ("non-token in the method", "G(T / HTTP/1.1\r\n\r\n"),
    ("no target", "GET HTTP/1.1\r\n\r\n"),
    ("two spaces", "GET  / HTTP/1.1\r\n\r\n"),
    ("tab as separator", "GET\t/ HTTP/1.1\r\n\r\n"),
    ("control in the target", "GET /a\u{1}b HTTP/1.1\r\n\r\n"),
    ("HTTP/2.0", "GET / HTTP/2.0\r\n\r\n"),
    ("HTTP/1.2", "GET / HTTP/1.2\r\n\r\n"),
    ("lowercase version", "GET / http/1.1\r\n\r\n"),
    ("no version", "GET /\r\n\r\n"),
    ("space after the version", "GET / HTTP/1.1 \r\n\r\n"),
    ("duplicate Host", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
    ("CL and TE", "POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"),
    ("duplicate CL", "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
    ("CL empty", "POST / HTTP/1.1\r\nContent-Length: \r\n\r\n"),
    ("CL hex", "POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n"),
    ("TE not chunked", "POST / HTTP/1.1\r\nTransfer-Encoding: identity\r\n\r\n"),
    ("TE list with chunked first", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"),
    ("too many empty lines", "\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\n\r\n"),
    ("binary", "\u{16}\u{03}\u{01}\u{00}\u{a5}\u{01}\u{00}\u{00}\r\n\r\n"),
]

/// Bodies the parser must refuse after a good head: the connection closes, nothing more is read.
let malformedBodies: [(String, String)] = [
    ("chunk size not hex", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n"),
    ("chunk size with a sign", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n"),
    ("chunk data too long", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n"),
    ("chunk extension with a control", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;a=\u{1}\r\na\r\n0\r\n\r\n"),
    ("bare LF after a chunk size", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\na\r\n0\r\n\r\n"),
    ("folded trailer", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: 1\r\n 2\r\n\r\n"),
    ("huge chunk size", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\n"),
]

/// Valid messages the mutations start from.
let requestSeeds = [
    "GET /a/b?c=1 HTTP/1.1\r\nHost: example.test\r\nAccept: */*\r\n\r\n",
    "POST /adder HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: keep-alive, X-Hop\r\nX-Hop: 1\r\n\r\nhello",
    "PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n5;e=1\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n",
    "GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n\u{81}\u{85}abcd",
    "GET /1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\nHEAD /2 HTTP/1.1\r\nX-Request-Id: r-1\r\n\r\n",
]

let responseSeeds = [
    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\nhelloHTTP/1.1 204 No Content\r\n\r\n",
    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX: y\r\n\r\n",
    "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end",
]

/// A small deterministic generator (splitmix64): the same mutations on every run.
struct SplitMix {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }

    /// `seed` with one to three bytes replaced, inserted or removed, or cut short; the bytes
    /// tried are the ones HTTP framing turns on.
    mutating func mutate(_ seed: String) -> [UInt8] {
        var bytes = Array(seed.utf8)
        let special: [UInt8] = Array("\r\n :;,\t\u{0}\u{7F}\u{80}0f-+".utf8)
        for _ in 0...next(3) {
            let at = next(bytes.count + 1)
            let byte = next(3) == 0 ? UInt8(next(256)) : special[next(special.count)]
            switch next(4) {
            case 0 where at < bytes.count: bytes[at] = byte
            case 1: bytes.insert(byte, at: at)
            case 2 where at < bytes.count: bytes.remove(at: at)
            case 3: bytes = Array(bytes.prefix(at))
            default: bytes.insert(byte, at: at)
            }
        }
        return bytes
    }
}

@Suite("Wire parsers: corpus and fuzz")
struct WireFuzzTests {
    @Test("Malformed heads: 400 and closed, before any routing", arguments: malformedHeads.indices)
    func malformedHead(_ index: Int) throws {
        let (name, request) = malformedHeads[index]
        let (text, channel) = try Self.answer(to: request + "GET /smuggled HTTP/1.1\r\n\r\n")
        #expect(text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(name): \(text)")
        #expect(text.components(separatedBy: "HTTP/1.1 ").count == 2, "\(name): one answer only")
        #expect(!channel.isActive, "\(name)")
    }

    @Test("Malformed bodies: the connection closes after at most one answer", arguments: malformedBodies.indices)
    func malformedBody(_ index: Int) throws {
        let (name, request) = malformedBodies[index]
        let (text, channel) = try Self.answer(to: request + "GET /smuggled HTTP/1.1\r\n\r\n")
        #expect(text.components(separatedBy: "HTTP/1.1 ").count == 2, "\(name): \(text)")
        #expect(!channel.isActive, "\(name)")
        #expect(MessageOutcome.requests(Array(request.utf8), step: .max).error != nil, "\(name)")
    }

    @Test("Mutated requests: the same outcome however the bytes are split; what parses is forwarded valid")
    func mutatedRequests() throws {
        for bytes in Self.mutations(of: requestSeeds, seed: 15, count: 2000, outcome: { MessageOutcome.requests($0, step: $1) }) {
            try expectForwardedHeadsParse(bytes)
        }
    }

    @Test("Mutated responses: the same outcome however the bytes are split")
    func mutatedResponses() {
        _ = Self.mutations(of: responseSeeds, seed: 9, count: 1500) { MessageOutcome.responses($0, step: $1) }
    }

    /// `count` mutations of `seeds`, each checked to give the same outcome whole and split.
    static func mutations(
        of seeds: [String], seed: UInt64, count: Int, outcome: ([UInt8], Int) -> MessageOutcome
    ) -> [[UInt8]] {
        var random = SplitMix(state: seed)
        return (0..<count).map { round in
            let bytes = random.mutate(seeds[round % seeds.count])
            let whole = outcome(bytes, .max)
            let split = outcome(bytes, 1 + random.next(7))
            #expect(whole == split, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
            return bytes
        }
    }

    @Test("Mutated requests through the client handler: a status line or nothing, never a crash")
    func mutatedThroughHandler() throws {
        var random = SplitMix(state: 7)
        for round in 0..<300 {
            let bytes = random.mutate(requestSeeds[round % requestSeeds.count])
            let (text, channel) = try Self.answer(to: bytes)
            #expect(text.isEmpty || text.hasPrefix("HTTP/1.1 "), "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
            _ = try? channel.finish()
        }
    }

    /// What the client handler answers to `request`, with no replica behind it.
    static func answer(to request: String) throws -> (String, EmbeddedChannel) {
        try answer(to: Array(request.utf8))
    }

    static func answer(to request: [UInt8]) throws -> (String, EmbeddedChannel) {
        let channel = try ClientHandlerTests.channel()
        _ = try? channel.writeInbound(ByteBuffer(bytes: request))
        return (try ClientHandlerTests.written(channel), channel)
    }

    /// Every head the parser accepts is written upstream as a head the parser accepts again.
    private func expectForwardedHeadsParse(_ bytes: [UInt8]) throws {
        var parser = RequestParser(limits: RouterLimits())
        var buffer = ByteBuffer(bytes: bytes)
        while let part = try? parser.next(&buffer) {
            guard case .head(let head) = part else { continue }
            var upstream = ByteBuffer()
            UpstreamRequestHead.write(
                from: head, upstreamFrom: nil, clientAddress: "127.0.0.1", requestID: .generated(high: 1, low: 2), prefix: "/p",
                into: &upstream
            )
            let again = try? RequestHead(upstream, maxFields: 200)
            #expect(again != nil, "\(String(buffer: upstream).debugDescription)")
        }
    }
}
