import Foundation
import Synchronization

/// Runs blocking work (searches, the ingest of an upload) off Swift's cooperative thread pool,
/// on a fixed number of lanes (serial queues), with a bounded number of jobs waiting; beyond
/// that a job is refused at once. The cooperative pool then stays free for cheap requests such
/// as `/healthz`, and overload becomes quick 503 answers instead of an unbounded queue.
final class WorkLanes: Sendable {
    struct Overloaded: Error {}

    private let lanes: [DispatchQueue]
    /// Jobs queued or running per lane.
    private let load: Mutex<[Int]>
    let maximumQueued: Int

    init(name: String, width: Int, maximumQueued: Int) {
        lanes = (0..<max(1, width)).map { DispatchQueue(label: "dmkm.\(name).\($0)") }
        load = Mutex(Array(repeating: 0, count: max(1, width)))
        self.maximumQueued = maximumQueued
    }

    /// Runs `work` on the least busy lane; throws `Overloaded` when too many jobs wait already.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let lane: Int? = load.withLock { load in
            guard load.reduce(0, +) < lanes.count + maximumQueued else { return nil }
            let index = load.indices.min { load[$0] < load[$1] }!
            load[index] += 1
            return index
        }
        guard let lane else { throw Overloaded() }
        return try await withCheckedThrowingContinuation { continuation in
            lanes[lane].async {
                let result = Result { try work() }
                self.load.withLock { $0[lane] -= 1 }
                continuation.resume(with: result)
            }
        }
    }
}
