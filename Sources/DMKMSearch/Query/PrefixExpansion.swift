import DMKMIndex

extension Searcher {
    /// Replaces prefix targets by the terms they expand to in this snapshot, most frequent first,
    /// counting only documents the reader may see (a term found only in internal entries is not
    /// an expansion for an anonymous reader, and cannot crowd out one that is). Enforces the
    /// query cost budget: at most `maximumPrefixes` prefixes and `maximumClauses` term and
    /// phrase clauses after expansion.
    func expandPrefixes(_ plan: QueryPlan, context: inout SearchContext) throws(SearchError) -> QueryPlan {
        switch plan {
        case .prefix(let target):
            context.prefixes += 1
            guard context.prefixes <= parameters.maximumPrefixes else {
                throw .tooComplex("more than \(parameters.maximumPrefixes) prefix* terms")
            }
            var frequencies: [String: Int] = [:]
            do {
                for (index, segment) in reader.segments.enumerated() {
                    for field in target.fields {
                        let key = Array([field.rawValue]) + Array(target.prefix.utf8)
                        // Scan enough terms that those of hidden entries cannot hide the visible ones.
                        for (termKey, entry) in try segment.terms.terms(withPrefix: key, limit: 4_096) {
                            let visible = try context.view.documentFrequency(entry, segment: segment, segmentIndex: index)
                            guard visible > 0 else { continue }
                            frequencies[String(decoding: termKey.dropFirst(), as: UTF8.self), default: 0] += visible
                        }
                    }
                }
            } catch {
                throw .index(error)
            }
            let chosen = frequencies.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(parameters.prefixExpansions)
            guard !chosen.isEmpty else { return .nothing }
            try countClauses(chosen.count, context: &context)
            let terms = chosen.map { QueryPlan.term(TermTarget(term: $0.key, fields: target.fields, boost: target.boost)) }
            return terms.count == 1 ? terms[0] : .boolean(BooleanPlan(should: terms))
        case .term, .phrase:
            try countClauses(1, context: &context)
            return plan
        case .boolean(var boolean):
            boolean.must = try boolean.must.map { child throws(SearchError) in try expandPrefixes(child, context: &context) }
            boolean.should = try boolean.should.map { child throws(SearchError) in try expandPrefixes(child, context: &context) }
            boolean.mustNot = try boolean.mustNot.map { child throws(SearchError) in try expandPrefixes(child, context: &context) }
            return .boolean(boolean)
        case .all, .nothing:
            return plan
        }
    }

    private func countClauses(_ count: Int, context: inout SearchContext) throws(SearchError) {
        context.clauses += count
        guard context.clauses <= parameters.maximumClauses else {
            throw .tooComplex("more than \(parameters.maximumClauses) terms after expanding prefix* terms; use fewer words or longer prefixes")
        }
    }
}
