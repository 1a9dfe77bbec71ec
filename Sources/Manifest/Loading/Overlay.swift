/// The `extends` overlay: maps merge key by key, lists and scalars replace, `null` removes the key.
enum Overlay {
    static func merge(base: Node, overlay: Node) -> Node {
        guard case .mapping(let baseEntries) = base.value, case .mapping(let overlayEntries) = overlay.value else {
            return overlay
        }
        var merged = baseEntries
        for entry in overlayEntries {
            let existing = merged.firstIndex { $0.key == entry.key }
            if entry.value.isNull {
                if let existing { merged.remove(at: existing) }
            } else if let existing {
                merged[existing].value = merge(base: merged[existing].value, overlay: entry.value)
                merged[existing].keyPosition = entry.keyPosition
            } else {
                merged.append(entry)
            }
        }
        return Node(value: .mapping(merged), position: base.position)
    }

    /// Drops mapping entries whose value is `null`: after merging, "no value" means "not set".
    static func removingNulls(_ node: Node) -> Node {
        switch node.value {
        case .scalar: return node
        case .sequence(let items):
            return Node(value: .sequence(items.map(removingNulls)), position: node.position)
        case .mapping(let entries):
            let kept = entries.filter { !$0.value.isNull }.map { entry in
                Node.Entry(key: entry.key, keyPosition: entry.keyPosition, value: removingNulls(entry.value))
            }
            return Node(value: .mapping(kept), position: node.position)
        }
    }
}
