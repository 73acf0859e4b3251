import DMKMIndex

/// Misspelt Latin words (issue 13): a Latin query term that the documents the reader may see
/// hardly hold (`misspeltBelow`) also matches the dictionary's close spellings — optimal string
/// alignment distance 1 for terms of 5–7 letters, 2 from 8 — sharing its first two letters, most
/// frequent first, at most `misspellingExpansions` of them, each weighed `misspellingWeight`.
/// Only terms with visible document frequency count, so an anonymous reader's expansions and
/// suggestions say nothing about hidden entries. (Thai words need no such step: they always
/// match at the sub-word level, and misspelt titles through title trigrams.)
struct SpellingCorrections {
    /// Misspelt term → its best correction (for the suggestion).
    var best: [String: String] = [:]
    /// Candidates found per term (a term met twice in one query is looked up once).
    var candidates: [String: [(term: String, frequency: Int)]] = [:]
}

extension Searcher {
    func expandMisspellings(_ plan: QueryPlan, context: inout SearchContext, corrections: inout SpellingCorrections) throws(IndexError) -> QueryPlan {
        switch plan {
        case .term(let target):
            guard parameters.misspellingExpansions > 0, Self.maximumEditDistance(target.term) > 0,
                target.term.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }),
                target.fields.allSatisfy(IndexedField.textFields.contains)
            else { return plan }
            var frequency = 0
            for field in target.fields { frequency = max(frequency, try context.statistics.documentFrequency(field: field, term: target.term)) }
            guard frequency < parameters.misspeltBelow else { return plan }
            let found: [(term: String, frequency: Int)]
            if let cached = corrections.candidates[target.term] {
                found = cached
            } else {
                found = try closeTerms(target.term, fields: target.fields, context: context)
                    .filter { $0.frequency > 3 * frequency }
                corrections.candidates[target.term] = found
            }
            let chosen = found.prefix(parameters.misspellingExpansions)
            guard let first = chosen.first else { return plan }
            corrections.best[target.term] = first.term
            let alternatives = chosen.map { QueryPlan.term(TermTarget(term: $0.term, fields: target.fields, boost: target.boost * parameters.misspellingWeight)) }
            return .boolean(BooleanPlan(should: [plan] + alternatives))
        case .boolean(var boolean):
            boolean.must = try boolean.must.map { child throws(IndexError) in try expandMisspellings(child, context: &context, corrections: &corrections) }
            boolean.should = try boolean.should.map { child throws(IndexError) in try expandMisspellings(child, context: &context, corrections: &corrections) }
            return .boolean(boolean)
        case .phrase, .prefix, .all, .nothing:
            return plan
        }
    }

    /// Edits allowed for a misspelt term of this length (none below five letters: too many
    /// short words are one letter apart).
    static func maximumEditDistance(_ term: String) -> Int {
        let count = term.utf8.count
        return count < 5 ? 0 : count < 8 ? 1 : 2
    }

    /// Dictionary terms within the allowed distance of `term` that share its first two letters,
    /// with the documents the reader may see holding them (any of `fields`), closest then most
    /// frequent first. Scans at most 4,096 terms per segment and field.
    private func closeTerms(_ term: String, fields: [IndexedField], context: SearchContext) throws(IndexError) -> [(term: String, frequency: Int)] {
        let wanted = Array(term.utf8)
        let limit = Self.maximumEditDistance(term)
        var frequencies: [String: (distance: Int, frequency: Int)] = [:]
        for (index, segment) in reader.segments.enumerated() {
            for field in fields {
                let key = [field.rawValue] + wanted.prefix(2)
                for (termKey, entry) in try segment.terms.terms(withPrefix: key, limit: 4_096) {
                    let candidate = Array(termKey.dropFirst())
                    guard candidate != wanted, abs(candidate.count - wanted.count) <= limit,
                        let distance = Self.editDistance(wanted, candidate, limit: limit)
                    else { continue }
                    let visible = try context.view.documentFrequency(entry, segment: segment, segmentIndex: index)
                    guard visible > 0 else { continue }
                    let text = String(decoding: candidate, as: UTF8.self)
                    // Per field the largest count stands for the term (as idf does).
                    let previous = frequencies[text]?.frequency ?? 0
                    frequencies[text] = (distance, max(previous, visible))
                }
            }
        }
        return frequencies.sorted {
            ($0.value.distance, -$0.value.frequency, $0.key) < ($1.value.distance, -$1.value.frequency, $1.key)
        }.map { (term: $0.key, frequency: $0.value.frequency) }
    }

    /// Optimal string alignment distance (insertions, deletions, substitutions, adjacent
    /// transpositions), or nil when above `limit`.
    static func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int? {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) <= limit ? max(a.count, b.count) : nil }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] { value = min(value, before[j - 2] + 1) }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return nil }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count] <= limit ? previous[b.count] : nil
    }

    /// The query with each misspelt word replaced by a spelling of its correction: a word one
    /// edit from what was typed whose term is the correction (fluoride for flouride), else the
    /// correction's term itself.
    func suggestion(for query: String, corrections: [String: String]) -> String? {
        guard !corrections.isEmpty else { return nil }
        var changed = false
        let words = query.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            let text = String(word)
            let terms = analyzer.terms(in: text)
            guard terms.count == 1, let correction = corrections[terms[0]] else { return text }
            changed = true
            return spelling(of: text.lowercased(), withTerm: correction) ?? correction
        }
        return changed ? words.joined(separator: " ") : nil
    }

    private func spelling(of typed: String, withTerm term: String) -> String? {
        let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        let word = Array(typed.utf8)
        var candidates: [[UInt8]] = []
        for index in 0..<word.count {
            var deleted = word
            deleted.remove(at: index)
            candidates.append(deleted)
            if index + 1 < word.count {
                var swapped = word
                swapped.swapAt(index, index + 1)
                candidates.append(swapped)
            }
        }
        for index in 0...word.count {
            for letter in letters {
                var inserted = word
                inserted.insert(letter, at: index)
                candidates.append(inserted)
                if index < word.count && word[index] != letter {
                    var replaced = word
                    replaced[index] = letter
                    candidates.append(replaced)
                }
            }
        }
        for candidate in candidates {
            let text = String(decoding: candidate, as: UTF8.self)
            if analyzer.terms(in: text) == [term] { return text }
        }
        return nil
    }
}
