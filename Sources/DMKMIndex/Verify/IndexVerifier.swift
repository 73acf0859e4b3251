import DMKMCore

/// Checks an index end to end (`dmkm verify`): every file's checksum, every term block, every
/// postings and positions block, every stored document, and the agreement between them.
public struct IndexVerifier {
    public struct Report: Sendable {
        public var generation = 0
        public var segments = 0
        public var documents = 0
        public var liveDocuments = 0
        public var terms = 0
        public var postings = 0
        public var bytes = 0
        public var problems: [String] = []
        public var isHealthy: Bool { problems.isEmpty }
    }

    public let directory: IndexDirectory

    public init(directory: IndexDirectory) { self.directory = directory }

    public func verify() -> Report {
        var report = Report()
        let reader: IndexReader
        do { reader = try IndexReader.open(directory) } catch {
            report.problems.append(error.description)
            return report
        }
        report.generation = reader.generation
        report.segments = reader.segments.count
        for segment in reader.segments {
            do { try verify(segment, report: &report) } catch {
                report.problems.append("segment \(segment.name): \(error.description)")
            }
        }
        return report
    }

    private func verify(_ segment: SegmentReader, report: inout Report) throws(IndexError) {
        for name in segment.fileNames {
            let file = try MappedFile(directory: directory, name: name)
            report.bytes += file.bytes.count
            if name.hasSuffix(".liv") || name.hasSuffix(".si") || name.hasSuffix(".dv") { continue }  // verified when opened
            try FileFormat.verifyChecksum(file)
        }
        report.documents += segment.documentCount
        report.liveDocuments += segment.liveCount
        var idDocs = [Bool](repeating: false, count: segment.documentCount)
        var previous: [UInt8]?
        var terms = 0
        var positions: [UInt32] = []
        try segment.terms.forEachTerm { key, entry throws(IndexError) in
            if let previous, TermKey.compare(previous, key) >= 0 {
                throw IndexError.corrupt(file: segment.terms.file.name, detail: "terms out of order")
            }
            previous = key
            terms += 1
            guard let field = IndexedField(rawValue: key[0]) else {
                throw IndexError.corrupt(file: segment.terms.file.name, detail: "unknown field \(key[0])")
            }
            var cursor = try segment.cursor(entry)
            var count: Int32 = 0
            var doc = try cursor.next()
            while doc != PostingsFormat.noMoreDocs {
                guard Int(doc) < segment.documentCount else {
                    throw IndexError.corrupt(file: segment.postingsFiles.postings.name, detail: "document \(doc) beyond segment size")
                }
                if field == .id {
                    idDocs[Int(doc)] = true
                } else {
                    try cursor.positions(into: &positions)
                    guard positions.count == Int(cursor.frequency), zip(positions, positions.dropFirst()).allSatisfy({ $0 < $1 }) else {
                        throw IndexError.corrupt(file: segment.postingsFiles.positions.name, detail: "bad positions for document \(doc)")
                    }
                }
                count += 1
                doc = try cursor.next()
            }
            guard count == entry.docFreq else {
                throw IndexError.corrupt(file: segment.postingsFiles.postings.name, detail: "term has \(count) documents, dictionary says \(entry.docFreq)")
            }
            report.postings += Int(count)
        }
        guard terms == segment.info.termCount else {
            throw IndexError.corrupt(file: segment.terms.file.name, detail: "\(terms) terms, expected \(segment.info.termCount)")
        }
        report.terms += terms
        guard idDocs.allSatisfy({ $0 }) else {
            throw IndexError.corrupt(file: segment.terms.file.name, detail: "some documents have no id term")
        }
        var doc = 0
        while doc < segment.documentCount {
            let (firstDoc, documents) = try segment.stored.chunk(containing: Int32(doc))
            for encoded in documents {
                var reader = ByteReader(encoded)
                do { _ = try DocumentCoding.decode(from: &reader) } catch {
                    throw IndexError.corrupt(file: segment.stored.file.name, detail: "document \(doc) does not decode")
                }
            }
            doc = Int(firstDoc) + max(documents.count, 1)
        }
    }
}
