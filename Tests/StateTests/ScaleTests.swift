import Foundation
import Testing

@testable import State

@Suite struct ScaleTests {
    @Test func aScaledCountIsKeptReplacedAndForgotten() throws {
        let store = try StateStore.inMemory()
        try store.saveEnvironment(.sample("dev"))
        try store.saveScale(ScaleRecord(environment: "dev", service: "web", replicas: 4, manifestReplicas: 2, updatedAt: instant(1_700_000_000)))
        try store.saveScale(ScaleRecord(environment: "dev", service: "web", replicas: 3, manifestReplicas: 2, updatedAt: instant(1_700_000_100)))
        try store.saveScale(ScaleRecord(environment: "dev", service: "api", replicas: 0, manifestReplicas: 1, updatedAt: instant(1_700_000_000)))
        #expect(try store.scales(environment: "dev").map { "\($0.service)=\($0.replicas)" } == ["api=0", "web=3"])
        try store.deleteScale(environment: "dev", service: "api")
        #expect(try store.scales(environment: "dev").map(\.service) == ["web"])
        #expect(try store.purge(environment: "dev"))
        #expect(try store.scales(environment: "dev").isEmpty, "down --purge forgets the scale too")
    }
}
