import Manifest

/// Which image each service runs in once exported: `--image SERVICE=IMAGE`, else its `image:`.
public enum ImageChoice {
    /// Parses `SERVICE=IMAGE` options.
    public static func parse(_ options: [String]) throws(ExportError) -> [String: String] {
        var images: [String: String] = [:]
        for option in options {
            guard let equals = option.firstIndex(of: "="), equals != option.startIndex,
                  option.index(after: equals) != option.endIndex else {
                throw ExportError(.badImageOption, "--image '\(option)': write SERVICE=IMAGE, as in --image adder=registry.example/demo:1")
            }
            images[String(option[..<equals])] = String(option[option.index(after: equals)...])
        }
        return images
    }

    /// Every service's image; an error names each service that has none, and each `--image`
    /// that names no service.
    static func images(for environment: Environment, given: [String: String]) throws(ExportError) -> [String: String] {
        let names = environment.services.map(\.name)
        if let unknown = given.keys.sorted().first(where: { !names.contains($0) }) {
            throw ExportError(.badImageOption, "--image \(unknown)=…: environment \(environment.name) has no service '\(unknown)' (services: \(names.joined(separator: ", ")))")
        }
        var images: [String: String] = [:]
        var missing: [String] = []
        for service in environment.services {
            if let image = given[service.name] ?? service.image { images[service.name] = image } else { missing.append(service.name) }
        }
        if !missing.isEmpty {
            let which = missing.count == 1 ? "service \(missing[0]) has" : "services \(missing.joined(separator: ", ")) have"
            throw ExportError(.missingImage, "\(which) no image: a local process cannot be exported as it is; give \(missing.count == 1 ? "it" : "each") an image with --image SERVICE=IMAGE (or image: in \(environment.file))", file: nil)
        }
        return images
    }
}
