import Testing
@testable import Manifest

@Suite struct OverlayTests {
    private func node(_ yaml: String, file: String) throws -> Node {
        try YAMLReader.read(yaml, file: file).get()
    }

    /// Merges `overlay` over `base` and writes the result back as compact text for comparison.
    private func merged(_ base: String, _ overlay: String) throws -> String {
        let result = Overlay.removingNulls(Overlay.merge(base: try node(base, file: "base"), overlay: try node(overlay, file: "overlay")))
        return Self.render(result)
    }

    static func render(_ node: Node) -> String {
        switch node.value {
        case .scalar(let scalar): return scalar.text
        case .sequence(let items): return "[" + items.map(render).joined(separator: ",") + "]"
        case .mapping(let entries): return "{" + entries.map { "\($0.key):\(render($0.value))" }.joined(separator: ",") + "}"
        }
    }

    static let cases: [(base: String, overlay: String, expected: String)] = [
        ("a: 1", "b: 2", "{a:1,b:2}"),                                   // new keys are added
        ("a: 1", "a: 2", "{a:2}"),                                       // scalars replace
        ("a: {x: 1, y: 2}", "a: {y: 3, z: 4}", "{a:{x:1,y:3,z:4}}"),     // maps merge key by key
        ("a: [1, 2]", "a: [3]", "{a:[3]}"),                              // lists replace
        ("a: {x: 1}", "a: null", "{}"),                                  // null removes the key
        ("a: {x: 1, y: 2}", "a: {x: ~}", "{a:{y:2}}"),                   // ~ removes a nested key
        ("a: 1", "a:", "{}"),                                            // an empty value removes it too
        ("a: [1]", "a: {x: 1}", "{a:{x:1}}"),                            // a type change replaces
        ("a: {b: {c: 1, d: 2}}", "a: {b: {d: 3}}", "{a:{b:{c:1,d:3}}}"), // deep merge
        ("a: 'null'", "b: 1", "{a:null,b:1}"),                           // a quoted 'null' is a string
    ]

    @Test(arguments: cases)
    func merges(base: String, overlay: String, expected: String) throws {
        #expect(try merged(base, overlay) == expected)
    }

    @Test func mergedValuesKeepTheFileTheyCameFrom() throws {
        let result = Overlay.merge(base: try node("a: 1\nb: 2\n", file: "base"), overlay: try node("b: 3\n", file: "overlay"))
        #expect(result["a"]?.position.file == "base")
        #expect(result["b"]?.position.file == "overlay")
    }
}
