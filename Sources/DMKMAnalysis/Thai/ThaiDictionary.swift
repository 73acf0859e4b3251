/// Where a dictionary word came from. The segmenter's features look at each source separately;
/// domain and user words are kept whole whatever the model says.
public struct DictionarySource: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// libthai's word-break dictionary (Debian's libthai-data), read through libdatrie.
    public static let libthai = DictionarySource(rawValue: 1 << 0)
    /// ICU's Thai break-iterator dictionary, read through ICU.
    public static let icu = DictionarySource(rawValue: 1 << 1)
    /// Words learned with the segmentation model.
    public static let learned = DictionarySource(rawValue: 1 << 2)
    /// DMKM's own dental public health / KM / government dictionary.
    public static let domain = DictionarySource(rawValue: 1 << 3)
    /// A user's own word list.
    public static let user = DictionarySource(rawValue: 1 << 4)

    /// Sources whose words are never split.
    public static let forced: DictionarySource = [.domain, .user]
}

/// A read-only trie of Thai words over Thai codes (scalar − U+0E00; word characters are codes
/// 1…78). Each 16-byte node keeps a 80-bit child bitmap and the index of its first child, so a
/// step is a popcount and one memory access; the system dictionaries (about 35,000 words) take
/// about 1.5 MB.
public struct ThaiDictionaryTrie: Sendable {
    /// One trie node: which codes have children (an 80-bit map), where the children start, and
    /// which sources end a word here.
    struct Node {
        var low: UInt64 = 0
        var high: UInt16 = 0
        var sources: UInt8 = 0
        var firstChild: Int32 = -1
    }

    private var nodes: [Node] = []
    public private(set) var wordCount = 0

    public static let root: Int32 = 0
    public static let none: Int32 = -1

    /// Builds the trie. Words that are not entirely Thai letters are skipped.
    public init(words: [(codes: [UInt8], source: DictionarySource)]) {
        var merged: [[UInt8]: UInt8] = [:]
        merged.reserveCapacity(words.count)
        for (codes, source) in words where !codes.isEmpty && codes.allSatisfy({ $0 >= 1 && $0 < 80 }) {
            merged[codes, default: 0] |= source.rawValue
        }
        let sorted = merged.keys.sorted { $0.lexicographicallyPrecedes($1) }
        wordCount = sorted.count
        build(sorted: sorted, sources: merged)
    }

    /// Thai word → codes, or nil if it holds anything but Thai letters.
    public static func codes(of word: some StringProtocol) -> [UInt8]? {
        var codes: [UInt8] = []
        for scalar in word.unicodeScalars {
            guard ThaiScript.isWordCharacter(scalar.value) else { return nil }
            codes.append(UInt8(scalar.value - ThaiScript.blockStart))
        }
        return codes.isEmpty ? nil : codes
    }

    private mutating func build(sorted: [[UInt8]], sources wordSources: [[UInt8]: UInt8]) {
        nodes.append(Node())
        // Breadth-first: the children of one node are laid out next to each other, in code order.
        var queue: [(node: Int, low: Int, high: Int, depth: Int)] = [(0, 0, sorted.count, 0)]
        var head = 0
        while head < queue.count {
            let (node, low, high, depth) = queue[head]
            head += 1
            var index = low
            if index < high && sorted[index].count == depth {
                nodes[node].sources = wordSources[sorted[index]] ?? 0
                index += 1
            }
            guard index < high else { continue }
            nodes[node].firstChild = Int32(nodes.count)
            while index < high {
                let code = sorted[index][depth]
                var groupEnd = index + 1
                while groupEnd < high && sorted[groupEnd][depth] == code { groupEnd += 1 }
                let child = nodes.count
                nodes.append(Node())
                if code < 64 { nodes[node].low |= 1 << UInt64(code) } else { nodes[node].high |= 1 << UInt16(code - 64) }
                queue.append((child, index, groupEnd, depth + 1))
                index = groupEnd
            }
        }
    }

    /// Read access for hot loops.
    struct Nodes {
        let base: UnsafeBufferPointer<Node>

        /// The child of `node` along `code`, or `none`.
        @inline(__always)
        func child(of node: Int32, code: UInt8) -> Int32 {
            let entry = base[Int(node)]
            if code < 64 {
                let bit: UInt64 = 1 << UInt64(code)
                guard entry.low & bit != 0 else { return ThaiDictionaryTrie.none }
                return entry.firstChild &+ Int32((entry.low & (bit &- 1)).nonzeroBitCount)
            }
            guard code < 80 else { return ThaiDictionaryTrie.none }
            let bit: UInt16 = 1 << UInt16(code &- 64)
            guard entry.high & bit != 0 else { return ThaiDictionaryTrie.none }
            return entry.firstChild &+ Int32(entry.low.nonzeroBitCount &+ (entry.high & (bit &- 1)).nonzeroBitCount)
        }

        @inline(__always)
        func sources(at node: Int32) -> UInt8 { base[Int(node)].sources }
    }

    func withNodes<R>(_ body: (Nodes) -> R) -> R {
        nodes.withUnsafeBufferPointer { body(Nodes(base: $0)) }
    }

    /// Whether `codes` is a word from any of `source`.
    public func contains(_ codes: [UInt8], from source: DictionarySource = DictionarySource(rawValue: 0xFF)) -> Bool {
        withNodes { nodes in
            var node = Self.root
            for code in codes {
                node = nodes.child(of: node, code: code)
                if node == Self.none { return false }
            }
            return nodes.sources(at: node) & source.rawValue != 0
        }
    }

    public var nodeCount: Int { nodes.count }
}
