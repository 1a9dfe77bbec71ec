import Engine
import NIOCore
import Testing

/// A user never reads a bare enum case for an error from below the engine.
struct ErrorTextTests {
    struct Plain: Error {}

    @Test func socketAndChannelErrorsAreSaidInWords() {
        #expect(ErrorText.describe(SocketAddressError.unixDomainSocketPathTooLong)
            == "a Unix socket path is longer than the 107 bytes the system allows")
        #expect(ErrorText.describe(ChannelError.ioOnClosedChannel).hasPrefix("a connection failed"))
        #expect(ErrorText.describe(Plain()).hasPrefix("EngineTests.ErrorTextTests.Plain"))
    }
}
