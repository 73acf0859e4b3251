/// Keeps the k best (score, doc) pairs in a min-heap; ties go to the lower doc number.
struct TopHitsCollector {
    let capacity: Int
    private var heap: [(score: Float, doc: Int)] = []

    init(capacity: Int) {
        self.capacity = capacity
        heap.reserveCapacity(capacity)
    }

    var isFull: Bool { heap.count >= capacity }
    var minimumScore: Float { heap.first?.score ?? -Float.infinity }

    @inline(__always)
    private static func worse(_ a: (score: Float, doc: Int), _ b: (score: Float, doc: Int)) -> Bool {
        a.score < b.score || (a.score == b.score && a.doc > b.doc)
    }

    mutating func offer(score: Float, doc: Int) {
        let item = (score: score, doc: doc)
        if heap.count < capacity {
            heap.append(item)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.worse(heap[child], heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        } else if Self.worse(heap[0], item) {
            heap[0] = item
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count && Self.worse(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count && Self.worse(heap[right], heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
    }

    func sorted() -> [(score: Float, doc: Int)] {
        heap.sorted { Self.worse($1, $0) }
    }
}
