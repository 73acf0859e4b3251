/// The text the tokenizer reads: the original scalars after the repairs that must happen
/// before segmentation, each remembering where in the original UTF-8 it came from.
///
/// Repairs (each is something seen in real documents and PDF extractions):
/// - zero-width space becomes a word separator; ZWJ, ZWNJ, word joiner, soft hyphen and BOM are
///   dropped (their bytes stay attached to the previous character, so surfaces lose nothing);
/// - full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space become ASCII;
/// - Thai: nikhahit + sara aa (ํา, also with a tone mark between) becomes sara am (ำ);
///   a doubled sara e (เเ) becomes sara ae (แ); stacked marks are put in canonical order
///   (vowel, then tone, then others) and exact duplicates are dropped.
struct PreparedText {
    /// Repaired scalars.
    var scalars: [UInt32] = []
    /// `starts[i]` is the UTF-8 offset in the original text where scalar `i` begins. The scalar
    /// ends where the next one begins (or at `originalByteCount`), which is how dropped
    /// characters stay attached to their neighbour.
    var starts: [Int32] = []
    var originalByteCount: Int = 0

    @inline(__always)
    func start(of index: Int) -> Int { Int(starts[index]) }

    @inline(__always)
    func end(of index: Int) -> Int { index + 1 < starts.count ? Int(starts[index + 1]) : originalByteCount }

    init() {}

    init(_ text: String) {
        var utf8Count = 0
        scalars.reserveCapacity(text.utf8.count)
        starts.reserveCapacity(text.utf8.count)
        // Start of the stack of Thai marks that follows the current base character.
        var markStackStart = -1
        for scalar in text.unicodeScalars {
            let offset = Int32(truncatingIfNeeded: utf8Count)
            utf8Count += scalar.utf8.count
            var value = scalar.value
            switch value {
            case 0x200C, 0x200D, 0x2060, 0x00AD, 0xFEFF:
                continue  // ignorable: attached to the previous scalar by construction
            case 0x200B:
                value = 0x20
            case 0x3000:
                value = 0x20
            case 0xFF01...0xFF5E:
                value -= 0xFEE0
            default:
                break
            }
            if value >= 0x0E00 && value <= 0x0E7F {
                if appendThai(value, offset: offset, markStackStart: &markStackStart) { continue }
            } else {
                markStackStart = -1
            }
            scalars.append(value)
            starts.append(offset)
        }
        originalByteCount = utf8Count
    }

    /// Applies the Thai repairs; returns true when `value` was absorbed into earlier scalars.
    private mutating func appendThai(_ value: UInt32, offset: Int32, markStackStart: inout Int) -> Bool {
        let count = scalars.count
        if ThaiScript.isCombiningMark(value) {
            if markStackStart < 0 { markStackStart = count }
            // Duplicate mark in the same stack: drop it.
            if scalars[markStackStart..<count].contains(value) { return true }
            // Misordered stack: insert before the first mark of a higher rank.
            let rank = ThaiScript.markRank(value)
            var insertAt = count
            while insertAt > markStackStart && ThaiScript.markRank(scalars[insertAt - 1]) > rank {
                insertAt -= 1
            }
            if insertAt < count {
                scalars.insert(value, at: insertAt)
                // Boundaries never fall inside a stack, so members share the stack's first offset.
                starts.insert(starts[insertAt], at: insertAt)
                return true
            }
            return false
        }
        // Sara aa after nikhahit (possibly with tone marks in between) is a decomposed sara am.
        if value == 0x0E32, markStackStart >= 0, let nikhahit = scalars[markStackStart..<count].lastIndex(of: 0x0E4D) {
            scalars.remove(at: nikhahit)
            starts.remove(at: nikhahit)
            // The nikhahit's bytes now belong to the scalar before it; ำ starts where า did.
            scalars.append(0x0E33)
            starts.append(offset)
            markStackStart = -1
            return true
        }
        if value == 0x0E40, count > 0, scalars[count - 1] == 0x0E40 {
            scalars[count - 1] = 0x0E41  // เเ typed for แ
            markStackStart = -1
            return true
        }
        markStackStart = -1
        return false
    }
}
