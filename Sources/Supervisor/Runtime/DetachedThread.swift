#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A new detached thread with a small stack, for a blocking wait (`waitid`, `poll`) that must not
/// hold a thread of Swift's cooperative pool.
enum DetachedThread {
    /// Starts `body`; returns 0, or the `pthread_create` error number.
    static func start(_ body: @escaping @Sendable () -> Void) -> Int32 {
        final class Job {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        pthread_attr_setstacksize(&attributes, 256 * 1024)
        let context = Unmanaged.passRetained(Job(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, &attributes, { context in
            Unmanaged<Job>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context)
        if result != 0 { Unmanaged<Job>.fromOpaque(context).release() }
        return result
    }
}
