import DMKMIndex

/// The ids met so far in one JSONL file. A second record with an id the file already used would
/// silently replace the first, so it is reported (naming the earlier line) and the first is
/// kept. Ids are remembered by a 64-bit hash, so a million-record file costs about 16 MB here.
struct DuplicateIDs {
    private var firstLines: [Int: Int32] = [:]

    mutating func check(_ id: String, line: Int) throws(DocumentRecordError) {
        var hasher = Hasher()
        hasher.combine(id)
        let key = hasher.finalize()
        if let first = firstLines[key] {
            throw DocumentRecordError(field: "id", message: "\"\(id)\" is used again (first on line \(first)); the first record is kept")
        }
        firstLines[key] = Int32(clamping: line)
    }
}
