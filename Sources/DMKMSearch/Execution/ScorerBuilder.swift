import DMKMIndex

extension Searcher {
    func fieldScoring(_ field: IndexedField, segment: SegmentReader, view: CollectionView) -> FieldScoring {
        FieldScoring(field: field, parameters: parameters, averageLength: view.averageLength(field),
                     lengthFactors: view.lengthFactors[Int(field.rawValue)]!, norms: segment.docValues.norms[Int(field.rawValue)])
    }

    /// The scorer tree of an (expanded) plan over one segment, with the reader's statistics.
    func makeScorer(_ plan: QueryPlan, segmentIndex: Int, context: inout SearchContext) throws(IndexError) -> Scorer {
        let segment = reader.segments[segmentIndex]
        switch plan {
        case .nothing:
            return EmptyScorer()
        case .all:
            return MatchAllScorer(maxDoc: segment.documentCount)
        case .term(let target):
            var cursors: [PostingsCursor] = []
            var fields: [FieldScoring] = []
            for field in target.fields {
                guard let entry = try context.statistics.entry(field: field, term: target.term, segmentIndex: segmentIndex) else { continue }
                cursors.append(try segment.cursor(entry))
                fields.append(fieldScoring(field, segment: segment, view: context.view))
            }
            guard !cursors.isEmpty else { return EmptyScorer() }
            let idf = try context.statistics.idf(term: target.term, fields: target.fields)
            return TermScorer(term: target.term, cursors: cursors, fields: fields, idf: idf, boost: target.boost, k1: parameters.k1)
        case .phrase(let target):
            var matchers: [PhraseScorer.FieldMatcher] = []
            for field in target.fields {
                var cursors: [PostingsCursor] = []
                for term in target.terms {
                    guard let entry = try context.statistics.entry(field: field, term: term, segmentIndex: segmentIndex) else { break }
                    cursors.append(try segment.cursor(entry))
                }
                guard cursors.count == target.terms.count else { continue }
                matchers.append(PhraseScorer.FieldMatcher(cursors: cursors, scoring: fieldScoring(field, segment: segment, view: context.view)))
            }
            guard !matchers.isEmpty else { return EmptyScorer() }
            var idf: Float = 0
            for term in target.terms {
                let termIDF = try context.statistics.idf(term: term, fields: target.fields)
                idf = target.isSubword ? max(idf, termIDF) : idf + termIDF
            }
            return PhraseScorer(terms: target.terms, matchers: matchers, idf: idf, boost: target.boost, k1: parameters.k1,
                                exact: !target.isBonus, offsets: target.offsets)
        case .prefix:
            return EmptyScorer()  // expanded before scoring
        case .boolean(let boolean):
            let must = try boolean.must.map { child throws(IndexError) in try makeScorer(child, segmentIndex: segmentIndex, context: &context) }
            let should = try boolean.should.map { child throws(IndexError) in try makeScorer(child, segmentIndex: segmentIndex, context: &context) }
                .filter { !($0 is EmptyScorer) }
            let mustNot = try boolean.mustNot.map { child throws(IndexError) in try makeScorer(child, segmentIndex: segmentIndex, context: &context) }
                .filter { !($0 is EmptyScorer) }
            if must.contains(where: { $0 is EmptyScorer }) { return EmptyScorer() }
            var main: Scorer
            if must.isEmpty {
                guard should.count >= boolean.minimumShouldMatch, !should.isEmpty else { return EmptyScorer() }
                if boolean.minimumShouldMatch > 1 {
                    main = MinimumMatchScorer(should, minimum: boolean.minimumShouldMatch)
                } else if should.count > 1 {
                    main = DisjunctionScorer(should)
                } else {
                    main = should[0]
                }
            } else {
                main = must.count == 1 ? must[0] : ConjunctionScorer(must)
                if !should.isEmpty {
                    main = RequiredOptionalScorer(required: main, optional: should.count == 1 ? should[0] : DisjunctionScorer(should))
                }
            }
            if !mustNot.isEmpty { main = ExclusionScorer(required: main, excluded: mustNot) }
            if !boolean.filters.isEmpty {
                // Filters inside a clause restrict that clause (and, harmlessly, to the reader's view).
                let accepts = try acceptance(segmentIndex: segmentIndex, filters: boolean.filters, context: context)
                main = FilterScorer(inner: main, accepts: accepts ?? [])
            }
            if boolean.matchOnly { main = MatchOnlyScorer(main) }
            return main
        }
    }
}
