import NIOCore

/// What a user reads for an error from below the engine: never a bare enum case.
public enum ErrorText {
    /// A sentence for `error`: a library's own description where it has one, NIO's socket and
    /// channel errors in words, else the error's type and value.
    public static func describe(_ error: any Error) -> String {
        switch error {
        case SocketAddressError.unixDomainSocketPathTooLong:
            return "a Unix socket path is longer than the 107 bytes the system allows"
        case let error as SocketAddressError:
            return "an address could not be used (\(error))"
        case let error as ChannelError:
            return "a connection failed (\(error))"
        case let error as any CustomStringConvertible:
            return error.description
        default:
            return "\(String(reflecting: type(of: error))): \(error)"
        }
    }
}
