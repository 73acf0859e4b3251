/// The repairs analysis makes before segmentation (`PreparedText`: sara am, doubled sara e,
/// Thai mark order and duplicates, zero-width and full-width characters), as text, for
/// extractors whose stored text needs them too (OCR output).
public enum TextRepairs {
    public static func repaired(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for value in PreparedText(text).scalars {
            if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
        }
        return String(scalars)
    }
}
