import NIOCore

/// One service's replicas on one event loop, picked round-robin.
/// Used only on its event loop.
final class ReplicaGroup {
    @exclusivity(unchecked) var slots: [BackendSlot] = []
    @exclusivity(unchecked) private var cursor = 0

    init() {}

    /// The next replica in turn that is not marked down and not in `tried`; when every untried
    /// one is marked down, the next untried one anyway (a mark is a guess; a refusal is quick).
    func pick(now: NIODeadline, excluding tried: [BackendSlot]) -> BackendSlot? {
        let count = slots.count
        guard count > 0 else { return nil }
        var fallback: Int?
        for step in 0..<count {
            let index = (cursor + step) % count
            let slot = slots[index]
            if !tried.isEmpty, tried.contains(where: { $0 === slot }) { continue }
            if slot.downUntil > now {
                if fallback == nil { fallback = index }
                continue
            }
            cursor = (index + 1) % count
            return slot
        }
        guard let fallback else { return nil }
        cursor = (fallback + 1) % count
        return slots[fallback]
    }
}
