/// Finds where a head (start line and fields, or a trailer section) ends, as its bytes arrive.
///
/// Each byte is looked at once, however the head is split across reads. Every line must end
/// in CRLF: a bare LF is refused at once, as is a head longer than the limit.
struct HeadBoundary {
    private var scanned = 0

    /// The length of the head at the front of `bytes` (through its empty line), once it is all
    /// there; nil while more is needed.
    mutating func find(in bytes: UnsafeRawBufferPointer, limit: Int) throws(MalformedMessage) -> Int? {
        var index = scanned
        while index < bytes.count {
            if bytes[index] == HTTPBytes.lf {
                guard index > 0, bytes[index - 1] == HTTPBytes.cr else { throw MalformedMessage("bare LF in the head") }
                if index >= 3, bytes[index - 2] == HTTPBytes.lf, bytes[index - 3] == HTTPBytes.cr {
                    guard index < limit else { throw MalformedMessage("head larger than the limit") }
                    scanned = 0
                    return index + 1
                }
            }
            index += 1
        }
        guard bytes.count <= limit else { throw MalformedMessage("head larger than the limit") }
        scanned = bytes.count
        return nil
    }
}
