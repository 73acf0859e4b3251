import Testing

@testable import DMKMSearch

// MARK: - Helpers

private let parser = QueryParser()

private func parse(_ query: String) throws -> QueryNode {
    try parser.parse(query)
}

/// The error `query` fails with, or nil if it parses.
private func syntaxError(_ query: String) -> QuerySyntaxError? {
    do {
        _ = try parser.parse(query)
        return nil
    } catch {
        return error
    }
}

private func term(_ text: String, _ field: SearchField? = nil) -> QueryNode {
    .term(field: field, text: text)
}

private func phrase(_ text: String, _ field: SearchField? = nil) -> QueryNode {
    .phrase(field: field, text: text)
}

private func prefix(_ text: String, _ field: SearchField? = nil) -> QueryNode {
    .prefix(field: field, text: text)
}

private func year(_ from: Int?, _ to: Int?) -> QueryNode {
    .filter(.year(from: from, to: to))
}

private func bool(must: [QueryNode] = [], should: [QueryNode] = [], mustNot: [QueryNode] = []) -> QueryNode {
    .boolean(must: must, should: should, mustNot: mustNot)
}

/// All of these.
private func all(_ nodes: QueryNode...) -> QueryNode { bool(must: nodes) }

/// Any of these.
private func any(_ nodes: QueryNode...) -> QueryNode { bool(should: nodes) }

/// Everything except these.
private func except(_ nodes: QueryNode...) -> QueryNode { bool(must: [.matchAll], mustNot: nodes) }

/// A query that must fail, where and why.
struct FailingQuery: Sendable, CustomTestStringConvertible {
    var query: String
    var column: Int
    var message: String

    init(_ query: String, _ column: Int, _ message: String) {
        self.query = query
        self.column = column
        self.message = message
    }

    var testDescription: String { "\(query.debugDescription) → column \(column)" }
}

// MARK: - Words, phrases, prefixes

@Suite("Query parser: words, phrases and prefixes")
struct QueryParserWordTests {
    @Test("an empty or whitespace-only query matches everything", arguments: ["", " ", "\t\n  ", "\u{3000}\u{00A0}"])
    func emptyQuery(query: String) throws {
        #expect(try parse(query) == .matchAll)
    }

    @Test("a bare word is a term, kept exactly as typed")
    func bareWord() throws {
        #expect(try parse("ฟันผุ") == term("ฟันผุ"))
        #expect(try parse("Dental") == term("Dental"))
        #expect(try parse("  CARIES  ") == term("CARIES"))
        #expect(try parse("ｆｕｌｌ") == term("ｆｕｌｌ"))
    }

    @Test(
        "- + . : * inside a word are part of it",
        arguments: ["COVID-19", "e-mail", "3.5", "ฟัน-ผุ", "C++", "a+b", "13:00", "พ.ศ.", "x-", "a*b", "*abc"])
    func innerPunctuation(word: String) throws {
        #expect(try parse(word) == term(word))
    }

    @Test("juxtaposed words form one boolean of should clauses")
    func juxtaposition() throws {
        #expect(try parse("a b c") == any(term("a"), term("b"), term("c")))
        #expect(try parse("ฟัน  ผุ\tเด็ก\nประถม") == any(term("ฟัน"), term("ผุ"), term("เด็ก"), term("ประถม")))
    }

    @Test("no-break and ideographic spaces separate clauses too")
    func unicodeWhitespace() throws {
        #expect(try parse("ฟัน\u{00A0}ผุ\u{3000}เด็ก") == any(term("ฟัน"), term("ผุ"), term("เด็ก")))
    }

    @Test("a quoted phrase keeps its inner text verbatim, trimmed")
    func phrases() throws {
        #expect(try parse("\"การจัดการ ความรู้\"") == phrase("การจัดการ ความรู้"))
        #expect(try parse("\"  Dental   Caries \"") == phrase("Dental   Caries"))
        #expect(try parse("\"ทันตสาธารณสุข\"") == phrase("ทันตสาธารณสุข"))
        #expect(try parse("\"a (b) -c: d*\"") == phrase("a (b) -c: d*"))
    }

    @Test("a phrase ends a word and a word ends at a phrase")
    func phraseAdjacentToWords() throws {
        #expect(try parse("ฟัน\"ผุ ลุกลาม\"เด็ก") == any(term("ฟัน"), phrase("ผุ ลุกลาม"), term("เด็ก")))
    }

    @Test("a trailing * makes a prefix")
    func prefixes() throws {
        #expect(try parse("ทันต*") == prefix("ทันต"))
        #expect(try parse("vacc*") == prefix("vacc"))
        #expect(try parse("COVID-*") == prefix("COVID-"))
        #expect(try parse("ฟัน**") == prefix("ฟัน"))
        #expect(try parse("a* b") == any(prefix("a"), term("b")))
    }

    @Test("lower- and mixed-case and/or/not are ordinary words")
    func lowerCaseOperators() throws {
        #expect(try parse("ฟัน and ผุ") == any(term("ฟัน"), term("and"), term("ผุ")))
        #expect(try parse("cats or dogs") == any(term("cats"), term("or"), term("dogs")))
        #expect(try parse("not") == term("not"))
        #expect(try parse("And Or Not") == any(term("And"), term("Or"), term("Not")))
    }

    @Test("words that merely start with an operator are words")
    func operatorLikeWords() throws {
        #expect(try parse("ANDROID ORAL NOTE") == any(term("ANDROID"), term("ORAL"), term("NOTE")))
        #expect(try parse("AND*") == prefix("AND"))
        #expect(try parse("NOT-a") == term("NOT-a"))
        #expect(try parse("AND:x") == term("AND:x"))
    }

    @Test("operators inside quotes are text")
    func operatorsInPhrases() throws {
        #expect(try parse("\"AND\"") == phrase("AND"))
        #expect(try parse("\"ฟัน OR เหงือก\"") == phrase("ฟัน OR เหงือก"))
    }

    @Test(
        "an unknown name: prefix is part of a bare word",
        arguments: [
            "http://x", "https://dmkm.go.th/a?b=c", "COVID-19:", "อัตรา:ร้อยละ", ":x", "x:", "ratio:1:2", "titles:ฟัน",
        ])
    func unknownFieldIsWord(word: String) throws {
        #expect(try parse(word) == term(word))
    }

    @Test("an unknown name: before a group is a word followed by the group")
    func unknownFieldBeforeGroup() throws {
        #expect(try parse("foo:(a b)") == any(term("foo:"), any(term("a"), term("b"))))
    }
}

// MARK: - Fields

@Suite("Query parser: fields")
struct QueryParserFieldTests {
    @Test(
        "field names and their aliases, in any case",
        arguments: [
            ("title", SearchField.title), ("abstract", .abstract), ("keyword", .keyword), ("keywords", .keyword),
            ("author", .author), ("authors", .author), ("body", .body), ("TITLE", .title), ("Keywords", .keyword),
            ("aUtHoRs", .author),
        ])
    func fieldNames(name: String, field: SearchField) throws {
        #expect(try parse("\(name):ฟันผุ") == term("ฟันผุ", field))
    }

    @Test("a field takes a prefix or a phrase")
    func fieldPrefixAndPhrase() throws {
        #expect(try parse("title:ทันต*") == prefix("ทันต", .title))
        #expect(try parse("author:\"สมชาย ใจดี\"") == phrase("สมชาย ใจดี", .author))
        #expect(try parse("abstract:\"oral health\"") == phrase("oral health", .abstract))
    }

    @Test("the value is the rest of the word, colons and dashes included")
    func fieldValueIsRestOfWord() throws {
        #expect(try parse("title:ratio:1") == term("ratio:1", .title))
        #expect(try parse("title:-x") == term("-x", .title))
        #expect(try parse("body:AND") == term("AND", .body))
        #expect(try parse("keyword:COVID-19") == term("COVID-19", .keyword))
    }

    @Test("a field applies to every text clause of a group")
    func fieldGroup() throws {
        #expect(try parse("title:(ฟัน OR เหงือก)") == any(term("ฟัน", .title), term("เหงือก", .title)))
        #expect(try parse("title:(ฟัน)") == term("ฟัน", .title))
        #expect(try parse("TITLE:( ฟัน AND ผุ )") == all(term("ฟัน", .title), term("ผุ", .title)))
    }

    @Test("a field reaches nested groups, phrases, prefixes and exclusions")
    func fieldGroupNested() throws {
        let parsed = try parse("abstract:(ฟัน* \"ช่อง ปาก\" -(เด็ก AND ประถม))")
        #expect(
            parsed
                == bool(
                    should: [prefix("ฟัน", .abstract), phrase("ช่อง ปาก", .abstract)],
                    mustNot: [all(term("เด็ก", .abstract), term("ประถม", .abstract))]))
    }

    @Test("inside a field group, filters stay filters and explicit fields win")
    func fieldGroupKeepsFiltersAndFields() throws {
        #expect(
            try parse("title:(ฟัน type:research author:สมชาย)")
                == any(term("ฟัน", .title), .filter(.type("research")), term("สมชาย", .author)))
        #expect(try parse("title:(year:2565)") == year(2022, 2022))
    }

    @Test("a field clause can be excluded or required")
    func fieldWithOperators() throws {
        #expect(try parse("-title:ฟัน") == except(term("ฟัน", .title)))
        #expect(try parse("ฟัน +author:สมชาย") == bool(must: [term("สมชาย", .author)], should: [term("ฟัน")]))
    }
}

// MARK: - Filters

@Suite("Query parser: filters")
struct QueryParserFilterTests {
    @Test(
        "year values: Buddhist Era from 2400, Common Era below; ranges may be open or mixed",
        arguments: [
            ("year:2565", 2022 as Int?, 2022 as Int?),
            ("year:2020", 2020, 2020),
            ("year:2560..2566", 2017, 2023),
            ("year:2560..", 2017, nil),
            ("year:..2566", nil, 2023),
            ("year:2019..2566", 2019, 2023),
            ("year:2017..2023", 2017, 2023),
            ("year:2023..2566", 2023, 2023),
            ("year:2399", 2399, 2399),
            ("year:2400", 1857, 1857),
            ("year:๒๕๖๕", 2022, 2022),
            ("year:๒๕๖๐..2023", 2017, 2023),
            ("year:\"2560..2566\"", 2017, 2023),
            ("YEAR:2565", 2022, 2022),
        ])
    func years(query: String, from: Int?, to: Int?) throws {
        #expect(try parse(query) == year(from, to))
    }

    @Test("type, lang, access and award-status are lower-cased; unit and award keep their case")
    func stringFilters() throws {
        #expect(try parse("type:Research") == .filter(.type("research")))
        #expect(try parse("lang:TH") == .filter(.lang("th")))
        #expect(try parse("access:Public") == .filter(.access("public")))
        #expect(try parse("award-status:Submitted") == .filter(.awardStatus("submitted")))
        #expect(try parse("Award-Status:submitted") == .filter(.awardStatus("submitted")))
        #expect(try parse("award:TPSA") == .filter(.award("TPSA")))
        #expect(try parse("award:TPSA/2568") == .filter(.award("TPSA/2568")))
        #expect(try parse("award:UNPSA/2024") == .filter(.award("UNPSA/2024")))
        #expect(try parse("unit:DentalHealth") == .filter(.unit("DentalHealth")))
        #expect(try parse("unit:กลุ่มพัฒนาองค์กร") == .filter(.unit("กลุ่มพัฒนาองค์กร")))
    }

    @Test("filter values may be quoted")
    func quotedFilterValues() throws {
        #expect(try parse("unit:\"กลุ่มพัฒนาองค์กร\"") == .filter(.unit("กลุ่มพัฒนาองค์กร")))
        #expect(try parse("unit:\" กองทันตสาธารณสุข  ส่วนกลาง \"") == .filter(.unit("กองทันตสาธารณสุข  ส่วนกลาง")))
        #expect(try parse("type:\"Research\"") == .filter(.type("research")))
    }

    @Test("filters sit among text clauses like any other clause")
    func filtersWithText() throws {
        #expect(
            try parse("ฟันผุ year:2560..2566 type:research")
                == any(term("ฟันผุ"), year(2017, 2023), .filter(.type("research"))))
        #expect(try parse("ฟันผุ -type:thesis") == bool(should: [term("ฟันผุ")], mustNot: [.filter(.type("thesis"))]))
        #expect(try parse("ฟันผุ AND NOT lang:en") == bool(must: [term("ฟันผุ")], mustNot: [.filter(.lang("en"))]))
        #expect(try parse("(year:2565)") == year(2022, 2022))
    }
}

// MARK: - Operators and grouping

@Suite("Query parser: operators and parentheses")
struct QueryParserOperatorTests {
    @Test("AND chains into one boolean of musts")
    func andChain() throws {
        #expect(try parse("a AND b AND c") == all(term("a"), term("b"), term("c")))
        #expect(
            try parse("การจัดการความรู้ AND ทันตสาธารณสุข") == all(term("การจัดการความรู้"), term("ทันตสาธารณสุข")))
    }

    @Test("OR chains into one boolean of shoulds, the same as juxtaposition")
    func orChain() throws {
        #expect(try parse("a OR b OR c") == any(term("a"), term("b"), term("c")))
        #expect(try parse("a OR b c") == parse("a b c"))
    }

    @Test("AND binds tighter than OR and juxtaposition")
    func precedence() throws {
        #expect(try parse("a b AND c") == any(term("a"), all(term("b"), term("c"))))
        #expect(try parse("a AND b OR c") == any(all(term("a"), term("b")), term("c")))
        #expect(try parse("a AND b c AND d") == any(all(term("a"), term("b")), all(term("c"), term("d"))))
    }

    @Test("a lone marked clause is wrapped; a lone unmarked one is itself")
    func loneClauses() throws {
        #expect(try parse("+ฟัน") == all(term("ฟัน")))
        #expect(try parse("-ฟัน") == except(term("ฟัน")))
        #expect(try parse("NOT ฟัน") == except(term("ฟัน")))
        #expect(try parse("(ฟัน)") == term("ฟัน"))
    }

    @Test("+ is must, - is must not, the rest should")
    func plusMinusInOr() throws {
        #expect(
            try parse("+ฟัน -ผุ เหงือก")
                == bool(must: [term("ฟัน")], should: [term("เหงือก")], mustNot: [term("ผุ")]))
        #expect(
            try parse("dental -\"dental caries\" +vacc*")
                == bool(must: [prefix("vacc")], should: [term("dental")], mustNot: [phrase("dental caries")]))
    }

    @Test("in an AND chain, unmarked and + are must, - and NOT are must not")
    func plusMinusInAnd() throws {
        let expected = bool(must: [term("a")], mustNot: [term("b")])
        #expect(try parse("a AND -b") == expected)
        #expect(try parse("a AND NOT b") == expected)
        #expect(try parse("NOT b AND a") == expected)
        #expect(try parse("+a AND b") == all(term("a"), term("b")))
    }

    @Test("only exclusions start from every document")
    func onlyExclusions() throws {
        #expect(try parse("-a -b") == except(term("a"), term("b")))
        #expect(try parse("NOT a AND NOT b") == except(term("a"), term("b")))
    }

    @Test("- and + are operators at the start of any clause, even before a space")
    func prefixOperatorPlacement() throws {
        #expect(try parse("- a") == except(term("a")))
        #expect(try parse("(-a)") == except(term("a")))
        #expect(try parse("\"x y\"-a") == bool(should: [phrase("x y")], mustNot: [term("a")]))
        #expect(try parse("a -b-c") == bool(should: [term("a")], mustNot: [term("b-c")]))
    }

    @Test("a marked operand of a prefix operator is wrapped first")
    func nestedPrefixOperators() throws {
        #expect(try parse("NOT -a") == except(except(term("a"))))
        #expect(try parse("--a") == except(except(term("a"))))
        #expect(try parse("+-a") == all(except(term("a"))))
    }

    @Test("parentheses group, nest, and can be redundant")
    func parentheses() throws {
        #expect(try parse("((a))") == term("a"))
        #expect(try parse("(a OR b) AND c") == all(any(term("a"), term("b")), term("c")))
        #expect(
            try parse("((a b) (c AND (d OR e)))")
                == any(any(term("a"), term("b")), all(term("c"), any(term("d"), term("e")))))
        #expect(try parse("( ฟัน   ผุ )") == any(term("ฟัน"), term("ผุ")))
    }

    @Test("operators and parentheses need no spaces between them")
    func operatorsTouchingParentheses() throws {
        #expect(try parse("NOT(a b)") == except(any(term("a"), term("b"))))
        #expect(try parse("-(a b)") == except(any(term("a"), term("b"))))
        #expect(try parse("a AND(b)") == all(term("a"), term("b")))
        #expect(try parse("(a)OR(b)") == any(term("a"), term("b")))
        #expect(try parse("(a)(b)") == any(term("a"), term("b")))
    }

    @Test("a marked group inside parentheses keeps its meaning through wrapping")
    func markedGroup() throws {
        #expect(try parse("ฟัน (-ผุ)") == any(term("ฟัน"), except(term("ผุ"))))
        #expect(try parse("ฟัน AND (+ผุ)") == all(term("ฟัน"), all(term("ผุ"))))
    }

    @Test("phrases, prefixes, fields and filters combine with operators")
    func mixedQuery() throws {
        let parsed = try parse("COVID-19 วัคซีน* title:\"dental caries\" AND year:2563..2565 -lang:en")
        #expect(
            parsed
                == bool(
                    should: [
                        term("COVID-19"), prefix("วัคซีน"),
                        all(phrase("dental caries", .title), year(2020, 2022)),
                    ],
                    mustNot: [.filter(.lang("en"))]))
    }

    @Test("nesting up to the limit parses")
    func deepButAllowed() throws {
        let depth = QueryParser.maximumDepth
        let query = String(repeating: "(", count: depth) + "ฟัน" + String(repeating: ")", count: depth)
        #expect(try parse(query) == term("ฟัน"))
    }

    @Test("nesting past the limit is an error, not a crash")
    func tooDeep() {
        let limit = QueryParser.maximumDepth
        let parens = syntaxError(String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000))
        #expect(parens?.column == limit + 1)
        #expect(parens?.message.contains("nested too deeply") == true)
        let dashes = syntaxError(String(repeating: "-", count: 10_000) + "a")
        #expect(dashes?.column == limit + 1)
        let nots = syntaxError(String(repeating: "NOT ", count: 10_000) + "a")
        #expect(nots?.column == 4 * limit + 1)
    }
}

// MARK: - Errors

@Suite("Query parser: syntax errors")
struct QueryParserErrorTests {
    static let phraseCases = [
        FailingQuery("\"ฟัน ผุ", 1, "unterminated phrase: expected a closing \""),
        FailingQuery("a \"b c", 3, "unterminated phrase: expected a closing \""),
        FailingQuery("\"a\" \"b", 5, "unterminated phrase: expected a closing \""),
        FailingQuery("title:\"ฟัน", 7, "unterminated phrase: expected a closing \""),
        FailingQuery("\"\"", 1, "empty phrase: expected text between the quotes"),
        FailingQuery("a \"   \"", 3, "empty phrase: expected text between the quotes"),
        FailingQuery("title:\"\"", 7, "empty phrase: expected text between the quotes"),
        FailingQuery("*", 1, "expected text before *"),
        FailingQuery("a **", 3, "expected text before *"),
        FailingQuery("title:*", 7, "expected text before *"),
        FailingQuery("\"x\"*", 4, "expected text before *"),
    ]

    @Test("phrase and prefix errors", arguments: phraseCases)
    func phraseAndPrefixErrors(_ failing: FailingQuery) {
        #expect(syntaxError(failing.query) == QuerySyntaxError(column: failing.column, message: failing.message))
    }

    static let fieldCases = [
        FailingQuery("title:", 7, "expected a term, phrase or ( after title:"),
        FailingQuery("title: ฟัน", 7, "expected a term, phrase or ( after title:"),
        FailingQuery("(Title:)", 8, "expected a term, phrase or ( after Title:"),
        FailingQuery("ฟัน keywords:", 13, "expected a term, phrase or ( after keywords:"),
        FailingQuery("title:()", 7, "empty parentheses: expected a query between ( and )"),
        FailingQuery("title:(a", 9, "expected ')'"),
    ]

    @Test("field errors", arguments: fieldCases)
    func fieldErrors(_ failing: FailingQuery) {
        #expect(syntaxError(failing.query) == QuerySyntaxError(column: failing.column, message: failing.message))
    }

    static let filterCases = [
        FailingQuery("year:abc", 6, "expected a year or a range like 2560..2566"),
        FailingQuery("year:", 6, "expected a year or a range like 2560..2566"),
        FailingQuery("year: 2565", 6, "expected a year or a range like 2560..2566"),
        FailingQuery("year:..", 6, "expected a year or a range like 2560..2566"),
        FailingQuery("year:2560...2566", 6, "expected a year or a range like 2560..2566"),
        FailingQuery("year:2560..2566..2570", 6, "expected a year or a range like 2560..2566"),
        FailingQuery("year:-2565", 6, "expected a year or a range like 2560..2566"),
        FailingQuery("year:25x5", 6, "expected a year or a range like 2560..2566"),
        FailingQuery("year:99999999999999999999", 6, "expected a year or a range like 2560..2566"),
        FailingQuery("year:\"\"", 6, "expected a year or a range like 2560..2566"),
        FailingQuery("year:2566..2560", 6, "year range is reversed: 2566..2560 starts after it ends"),
        FailingQuery("a year:2024..2566", 8, "year range is reversed: 2024..2566 starts after it ends"),
        FailingQuery("type:", 6, "expected a value after type:"),
        FailingQuery("unit:\"\"", 6, "expected a value after unit:"),
        FailingQuery("unit:\"  \"", 6, "expected a value after unit:"),
        FailingQuery("award-status: submitted", 14, "expected a value after award-status:"),
        FailingQuery("lang:(th)", 6, "expected a value after lang:"),
        FailingQuery("unit:\"กลุ่ม", 6, "unterminated phrase: expected a closing \""),
    ]

    @Test("filter errors", arguments: filterCases)
    func filterErrors(_ failing: FailingQuery) {
        #expect(syntaxError(failing.query) == QuerySyntaxError(column: failing.column, message: failing.message))
    }

    static let parenthesisCases = [
        FailingQuery("(a", 3, "expected ')'"),
        FailingQuery("(", 2, "expected ')'"),
        FailingQuery("( ", 3, "expected ')'"),
        FailingQuery("((a)", 5, "expected ')'"),
        FailingQuery("(a b AND c", 11, "expected ')'"),
        FailingQuery("a)", 2, "unexpected ')'"),
        FailingQuery(")", 1, "unexpected ')'"),
        FailingQuery("(a)) b", 4, "unexpected ')'"),
        FailingQuery(") a", 1, "unexpected ')'"),
        FailingQuery("()", 1, "empty parentheses: expected a query between ( and )"),
        FailingQuery("a ( )", 3, "empty parentheses: expected a query between ( and )"),
    ]

    @Test("parenthesis errors", arguments: parenthesisCases)
    func parenthesisErrors(_ failing: FailingQuery) {
        #expect(syntaxError(failing.query) == QuerySyntaxError(column: failing.column, message: failing.message))
    }

    static let operatorCases = [
        FailingQuery("AND a", 1, "expected a term before AND"),
        FailingQuery("OR a", 1, "expected a term before OR"),
        FailingQuery("(OR a)", 2, "expected a term before OR"),
        FailingQuery("a AND", 6, "expected a term after AND"),
        FailingQuery("a OR", 5, "expected a term after OR"),
        FailingQuery("a AND OR b", 7, "expected a term after AND"),
        FailingQuery("a OR AND b", 6, "expected a term after OR"),
        FailingQuery("a AND AND b", 7, "expected a term after AND"),
        FailingQuery("(a AND)", 7, "expected a term after AND"),
        FailingQuery("NOT", 4, "expected a term after NOT"),
        FailingQuery("NOT AND a", 5, "expected a term after NOT"),
        FailingQuery("a -", 4, "expected a term after -"),
        FailingQuery("-", 2, "expected a term after -"),
        FailingQuery("+", 2, "expected a term after +"),
        FailingQuery("(a -)", 5, "expected a term after -"),
        FailingQuery("a AND -", 8, "expected a term after -"),
    ]

    @Test("operators without an operand", arguments: operatorCases)
    func operatorErrors(_ failing: FailingQuery) {
        #expect(syntaxError(failing.query) == QuerySyntaxError(column: failing.column, message: failing.message))
    }

    @Test("the error describes itself with its column")
    func errorDescription() {
        let error = syntaxError("(a")
        #expect(error?.description == "query syntax error at column 3: expected ')'")
    }
}

// MARK: - Unicode columns

@Suite("Query parser: Thai text and columns")
struct QueryParserUnicodeTests {
    @Test("columns count characters, so Thai vowel and tone marks do not shift them")
    func thaiColumns() {
        let word = "การจัดการความรู้"
        // Marks above and below the consonants join them: fewer characters than scalars.
        #expect(word.count < word.unicodeScalars.count)
        #expect(
            syntaxError("\(word) AND")
                == QuerySyntaxError(column: word.count + 5, message: "expected a term after AND"))
        #expect(
            syntaxError("ฟันผุ \"ลุกลาม")
                == QuerySyntaxError(column: "ฟันผุ ".count + 1, message: "unterminated phrase: expected a closing \""))
        #expect(syntaxError("ฟัน)") == QuerySyntaxError(column: 3, message: "unexpected ')'"))
        let open = "(ทันตสาธารณสุข"
        #expect(syntaxError(open) == QuerySyntaxError(column: open.count + 1, message: "expected ')'"))
    }

    @Test("Thai, English and digits mix freely")
    func mixedScripts() throws {
        #expect(
            try parse("โรคฟันผุ caries ในเด็ก ป.6")
                == any(term("โรคฟันผุ"), term("caries"), term("ในเด็ก"), term("ป.6")))
        #expect(try parse("ฟันผุCOVID-19") == term("ฟันผุCOVID-19"))
        #expect(
            try parse("title:(ฟันผุ OR caries) AND year:2565")
                == all(any(term("ฟันผุ", .title), term("caries", .title)), year(2022, 2022)))
    }

    @Test("decomposed and unusual text is passed through untouched")
    func noNormalization() throws {
        let decomposed = "cafe\u{301}"
        let parsed = try parse(decomposed)
        guard case .term(nil, let text) = parsed else {
            Issue.record("expected a term, got \(parsed)")
            return
        }
        #expect(Array(text.unicodeScalars) == Array(decomposed.unicodeScalars))
        #expect(try parse("ฟัน\u{200B}ผุ") == term("ฟัน\u{200B}ผุ"))
    }
}
