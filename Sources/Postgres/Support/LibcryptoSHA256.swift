import Glibc

/// SHA-256 from OpenSSL's libcrypto (which libpq depends on, so it is installed): several times
/// faster than the pure-Swift `SHA256` on the large seed files hashed before each COPY. Loaded
/// at run time, on first use; without libcrypto 3 or 1.1 it falls back to the Swift implementation.
struct LibcryptoSHA256 {
    private typealias NewContext = @convention(c) () -> OpaquePointer?
    private typealias FreeContext = @convention(c) (OpaquePointer?) -> Void
    private typealias Algorithm = @convention(c) () -> OpaquePointer?
    private typealias Initialize = @convention(c) (OpaquePointer?, OpaquePointer?, OpaquePointer?) -> Int32
    private typealias Update = @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int) -> Int32
    private typealias Finalize = @convention(c) (OpaquePointer?, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt32>?) -> Int32

    private struct Functions {
        let new: NewContext, free: FreeContext, sha256: Algorithm
        let initialize: Initialize, update: Update, finalize: Finalize
    }

    private static let functions: Functions? = {
        let names: [String] = ["libcrypto.so.3", "libcrypto.so.1.1"]
        guard let library = names.lazy.compactMap({ name in dlopen(name, RTLD_NOW | RTLD_LOCAL) }).first else { return nil }
        func symbol<T>(_ name: String, as type: T.Type) -> T? {
            dlsym(library, name).map { unsafeBitCast($0, to: type) }
        }
        guard let new = symbol("EVP_MD_CTX_new", as: NewContext.self),
              let free = symbol("EVP_MD_CTX_free", as: FreeContext.self),
              let sha256 = symbol("EVP_sha256", as: Algorithm.self),
              let initialize = symbol("EVP_DigestInit_ex", as: Initialize.self),
              let update = symbol("EVP_DigestUpdate", as: Update.self),
              let finalize = symbol("EVP_DigestFinal_ex", as: Finalize.self) else { return nil }
        return Functions(new: new, free: free, sha256: sha256, initialize: initialize, update: update, finalize: finalize)
    }()

    private let functions: Functions
    private let context: OpaquePointer

    /// nil when libcrypto cannot be loaded.
    init?() {
        guard let functions = Self.functions, let context = functions.new() else { return nil }
        guard functions.initialize(context, functions.sha256(), nil) == 1 else {
            functions.free(context)
            return nil
        }
        self.functions = functions
        self.context = context
    }

    func update(_ bytes: UnsafeRawBufferPointer) {
        _ = functions.update(context, bytes.baseAddress, bytes.count)
    }

    /// The digest; the hasher is spent afterwards.
    func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = digest.withUnsafeMutableBufferPointer { functions.finalize(context, $0.baseAddress, &length) }
        functions.free(context)
        return digest
    }
}
