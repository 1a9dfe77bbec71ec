import NIOCore

/// Echoes WebSocket frames: a client's masked frame comes back unmasked, same opcode and
/// payload; a close frame is answered and the connection closed. Enough for a proxy test.
final class WebSocketEcho: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var pending = ByteBuffer()

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var input = unwrapInboundIn(data)
        pending.writeBuffer(&input)
        while let frame = WebSocketFrame.parse(&pending) {
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame.encode(opcode: frame.opcode, payload: frame.payload, mask: nil)), promise: nil)
            if frame.opcode == 8 { context.close(promise: nil) }
        }
    }
}

/// The smallest WebSocket framing that tests need (RFC 6455 §5.2).
enum WebSocketFrame {
    static func encode(opcode: UInt8, payload: [UInt8], mask: [UInt8]?) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(0x80 | opcode)
        let maskBit: UInt8 = mask == nil ? 0 : 0x80
        if payload.count < 126 {
            buffer.writeInteger(maskBit | UInt8(payload.count))
        } else {
            buffer.writeInteger(maskBit | 126)
            buffer.writeInteger(UInt16(payload.count))
        }
        if let mask {
            buffer.writeBytes(mask)
            buffer.writeBytes(payload.enumerated().map { $0.element ^ mask[$0.offset % 4] })
        } else {
            buffer.writeBytes(payload)
        }
        return buffer
    }

    static func parse(_ buffer: inout ByteBuffer) -> (opcode: UInt8, payload: [UInt8])? {
        let start = buffer.readerIndex
        guard let first = buffer.readInteger(as: UInt8.self), let second = buffer.readInteger(as: UInt8.self) else {
            buffer.moveReaderIndex(to: start)
            return nil
        }
        var length = Int(second & 0x7F)
        if length == 126 {
            guard let extended = buffer.readInteger(as: UInt16.self) else {
                buffer.moveReaderIndex(to: start)
                return nil
            }
            length = Int(extended)
        }
        var mask: [UInt8]?
        if second & 0x80 != 0 {
            guard let bytes = buffer.readBytes(length: 4) else {
                buffer.moveReaderIndex(to: start)
                return nil
            }
            mask = bytes
        }
        guard var payload = buffer.readBytes(length: length) else {
            buffer.moveReaderIndex(to: start)
            return nil
        }
        if let mask { payload = payload.enumerated().map { $0.element ^ mask[$0.offset % 4] } }
        return (first & 0x0F, payload)
    }
}
