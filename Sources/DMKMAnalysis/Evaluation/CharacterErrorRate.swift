/// Character error rate of a recognised text (OCR) against the text it should be: the edit
/// distance (insertions, deletions, substitutions of Unicode scalars) over the reference's length,
/// with white space left out of both (OCR and layout place spaces and line breaks differently,
/// and Thai writes none between words).
public enum CharacterErrorRate {
    public static func of(_ text: String, reference: String) -> (rate: Double, edits: Int, characters: Int) {
        let hypothesis = Array(text.unicodeScalars.filter { !$0.properties.isWhitespace })
        let truth = Array(reference.unicodeScalars.filter { !$0.properties.isWhitespace })
        var previous = Array(0...hypothesis.count)
        var current = previous
        for (i, a) in truth.enumerated() {
            current[0] = i + 1
            for (j, b) in hypothesis.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a == b ? 0 : 1))
            }
            swap(&previous, &current)
        }
        let edits = previous[hypothesis.count]
        return (Double(edits) / Double(max(1, truth.count)), edits, truth.count)
    }
}
