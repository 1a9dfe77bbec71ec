import Foundation
import NIOCore
import Testing

@testable import Router

@Suite("Access log lines")
struct AccessLogRecordTests {
    @Test("One JSON object per line, time first, path without the query, escaped")
    func line() throws {
        let record = AccessLogRecord(
            requestID: .given(ByteBuffer(string: "abc")), client: "127.0.0.1", head: ByteBuffer(string: "GET /adder/\"x\"\u{1}?token=secret"),
            method: 0..<3, path: 4..<15, route: "/adder", replica: "adder.0", status: 200, bytes: 12, requestBytes: 3,
            durationNanoseconds: 1_234_567, reason: nil
        )
        var buffer = ByteBuffer()
        var time = UTCTimestamp()
        record.write(into: &buffer, time: &time)
        let text = String(buffer: buffer)
        #expect(text.hasPrefix("{\"time\":\""))
        #expect(text.hasSuffix("}\n"))
        #expect(!text.contains("secret"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["path"] as? String == "/adder/\"x\"\u{1}")
        #expect(object["route"] as? String == "/adder")
        #expect(object["replica"] as? String == "adder.0")
        #expect(object["status"] as? Int == 200)
        #expect(object["duration_ms"] as? Double == 1.234)
        #expect(object["reason"] == nil)
        let time0 = try #require(object["time"] as? String)
        #expect(time0.count == 24 && time0.hasSuffix("Z") && time0.dropFirst(10).first == "T")
    }

    @Test("Malformed requests: null method, path, route and replica, with the reason")
    func malformed() throws {
        let record = AccessLogRecord(
            requestID: .given(ByteBuffer(string: "r")), client: "::1", head: nil, method: 0..<0, path: 0..<0, route: nil,
            replica: nil, status: 400, bytes: 0, requestBytes: 0, durationNanoseconds: 5_000, reason: "malformed request"
        )
        var buffer = ByteBuffer()
        var time = UTCTimestamp()
        record.write(into: &buffer, time: &time)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: buffer).utf8)) as? [String: Any])
        #expect(object["method"] is NSNull)
        #expect(object["path"] is NSNull)
        #expect(object["route"] is NSNull)
        #expect(object["reason"] as? String == "malformed request")
        #expect(object["duration_ms"] as? Double == 0.005)
    }
}
