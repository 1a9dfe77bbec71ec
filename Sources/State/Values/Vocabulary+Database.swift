import GRDB
import Vocabulary

// The engine's own replica vocabulary, stored as its raw values: one definition of each, no
// bridging by raw value with fallbacks between two copies.
extension ReplicaState: DatabaseValueConvertible {}
extension Health: DatabaseValueConvertible {}
