/// What a message's `Connection` fields say (RFC 9112 §9.6).
struct ConnectionOptions {
    var close = false
    var keepAlive = false
    var upgrade = false
    /// They name other fields, which are hop-by-hop too.
    var listsFields = false

    /// Adds one `Connection` field's value.
    mutating func add(_ value: UnsafeRawBufferPointer) {
        HeaderKind.forEachToken(value) { token in
            if HeaderKind.equal(token, "close") {
                close = true
            } else if HeaderKind.equal(token, "keep-alive") {
                keepAlive = true
            } else if HeaderKind.equal(token, "upgrade") {
                upgrade = true
            } else {
                listsFields = true
            }
        }
    }

    /// Whether the connection stays open after the message: HTTP/1.1 unless `close`, HTTP/1.0 only with `keep-alive`.
    func keepsAlive(http10: Bool) -> Bool {
        close ? false : http10 ? keepAlive : true
    }
}
