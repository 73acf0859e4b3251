"""The peers: Tantivy (tantivy-py) and SQLite FTS5 (Python's sqlite3).

Both index the segmented corpus written by compare_text.segment_corpus: the five text fields
with positions, and the document id (stored only to map hits back to ids). Both are queried
single-threaded for the top 10 by BM25, timing query parsing plus search plus reading the hits
(internal addresses and scores), like DMKM's `bench latency`.
"""

import json
import os
import sqlite3
import time

from compare_text import PEER_FIELDS

FIELDS = list(PEER_FIELDS)
TOP = 10


# ---------------------------------------------------------------------------------------------
# Timing loop shared by both peers


def time_queries(queries, prepare, execute, warmup, repeat):
    """Per-kind latencies (ms) and hit counts of `execute(prepare(query))`.

    `prepare` writes the query in the system's syntax (untimed, as DMKM's query file is
    prepared in advance); `execute` parses and searches (timed).
    """
    prepared = [(query["kind"], prepare(query)) for query in queries]
    for _ in range(warmup):
        for _, form in prepared:
            execute(form)
    latencies = {}
    hits = {}
    for _ in range(max(repeat, 1)):
        for kind, form in prepared:
            started = time.perf_counter()
            found = execute(form)
            elapsed = time.perf_counter() - started
            latencies.setdefault(kind, []).append(elapsed * 1000)
            hits[kind] = hits.get(kind, 0) + len(found)
    return latencies, hits


# ---------------------------------------------------------------------------------------------
# Tantivy

TANTIVY_TOKENIZER = "whitespace_lower"
TANTIVY_HEAP_BYTES = 256_000_000  # DMKM's default ingest RAM budget


def _tantivy_schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    for field in FIELDS:
        builder.add_text_field(field, stored=False, tokenizer_name=TANTIVY_TOKENIZER, index_option="position")
    return builder.build()


def _register_tantivy_tokenizer(index):
    """Text arrives segmented: split on whitespace and lowercase (custom tokenizers are not
    persisted, so this is done on every open)."""
    import tantivy

    analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).filter(tantivy.Filter.lowercase()).build()
    index.register_tokenizer(TANTIVY_TOKENIZER, analyzer)


def tantivy_index(segmented_path, directory):
    import tantivy

    started = time.perf_counter()
    os.makedirs(directory, exist_ok=True)
    index = tantivy.Index(_tantivy_schema(), path=directory)
    _register_tantivy_tokenizer(index)
    # num_threads=0: Tantivy's default (one indexing thread per core, at most 8).
    writer = index.writer(heap_size=TANTIVY_HEAP_BYTES, num_threads=0)
    documents = 0
    with open(segmented_path, encoding="utf-8") as source:
        for line in source:
            writer.add_json(line)
            documents += 1
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    segments = index.searcher().num_segments
    return {"seconds": time.perf_counter() - started, "documents": documents, "segments": segments}


def _open_tantivy(directory):
    import tantivy

    index = tantivy.Index.open(directory)
    _register_tantivy_tokenizer(index)
    return index


def _tantivy_syntax(query):
    """Tantivy's query language (conjunction off: words are OR'ed); prefixes are built as query
    objects because the parser has no `pre*` for a single word."""
    words = query["words"]
    operation = query["op"]
    if operation == "prefix":
        return ("prefix", words[0])
    if operation == "and":
        return ("parse", " ".join("+" + word for word in words))
    if operation == "phrase":
        return ("parse", '"' + " ".join(words) + '"')
    return ("parse", " ".join(words))


def _tantivy_executor(index):
    import tantivy

    searcher = index.searcher()
    schema = index.schema

    def build(form):
        kind, text = form
        if kind == "prefix":
            # One-word phrase-prefix per field: matches every term starting with `text`.
            return tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, tantivy.Query.phrase_prefix_query(schema, field, [text])) for field in FIELDS])
        return index.parse_query(text, FIELDS)

    def execute(form):
        # count=False: top 10 only, like DMKM (which does not count every match either).
        result = searcher.search(build(form), TOP, count=False)
        return [(score, address.segment_ord, address.doc) for score, address in result.hits]

    return searcher, execute


def tantivy_latency(directory, queries, warmup, repeat):
    index = _open_tantivy(directory)
    searcher, execute = _tantivy_executor(index)
    latencies, hits = time_queries(queries, _tantivy_syntax, execute, warmup, repeat)
    return {"latencies": latencies, "hits": hits, "segments": searcher.num_segments}


def tantivy_rank(directory, questions):
    """qid → ranked document ids (addresses mapped to ids outside any timing)."""
    index = _open_tantivy(directory)
    searcher, _ = _tantivy_executor(index)
    run = {}
    for qid, words in questions:
        if not words:
            continue
        query = index.parse_query(" ".join(words), FIELDS)
        result = searcher.search(query, TOP, count=False)
        run[qid] = [searcher.doc(address)["id"][0] for _, address in result.hits]
    return {"run": run}


def tantivy_sizes(directory):
    """Bytes per part: dictionary (.term), postings (.idx), positions (.pos), the rest."""
    sizes = {"total": 0, "postings_and_dictionary": 0, "stored": 0}
    for name in os.listdir(directory):
        size = os.path.getsize(os.path.join(directory, name))
        sizes["total"] += size
        if name.endswith((".term", ".idx", ".pos")):
            sizes["postings_and_dictionary"] += size
        elif name.endswith(".store"):
            sizes["stored"] += size
    return sizes


# ---------------------------------------------------------------------------------------------
# SQLite FTS5

FTS5_TABLE = "fts"


# unicode61 by default splits words at combining marks (its token characters are L* N* Co), which
# would cut Thai words at every vowel and tone mark: count marks as token characters. Keep
# Latin diacritics as Tantivy does, so both peers index exactly the same tokens.
FTS5_TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"


def _fts5_schema_sql():
    columns = ", ".join(FIELDS)
    # Contentless (content=''): the index only, no copy of the text; ids live in `docs`.
    return [
        "CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL)",
        f"CREATE VIRTUAL TABLE {FTS5_TABLE} USING fts5({columns}, content='', tokenize=\"{FTS5_TOKENIZER}\")",
    ]


def fts5_index(segmented_path, database_path):
    started = time.perf_counter()
    if os.path.exists(database_path):
        os.remove(database_path)
    connection = sqlite3.connect(database_path)
    # Bulk-load settings (no rollback journal, no fsync): the fastest way to build it.
    connection.execute("PRAGMA journal_mode=OFF")
    connection.execute("PRAGMA synchronous=OFF")
    for statement in _fts5_schema_sql():
        connection.execute(statement)
    placeholders = ", ".join("?" for _ in range(len(FIELDS) + 1))
    insert_text = f"INSERT INTO {FTS5_TABLE}(rowid, {', '.join(FIELDS)}) VALUES ({placeholders})"
    documents = 0
    batch_ids, batch_texts = [], []

    def flush():
        connection.executemany("INSERT INTO docs(rowid, id) VALUES (?, ?)", batch_ids)
        connection.executemany(insert_text, batch_texts)
        batch_ids.clear()
        batch_texts.clear()

    with open(segmented_path, encoding="utf-8") as source:
        connection.execute("BEGIN")
        for line in source:
            record = json.loads(line)
            documents += 1
            batch_ids.append((documents, record["id"]))
            batch_texts.append((documents, *(" ".join(record[field]) for field in FIELDS)))
            if len(batch_ids) == 1000:
                flush()
        flush()
        connection.execute("COMMIT")
    indexed = time.perf_counter() - started
    # Merge the index b-trees into one, as one would after a bulk load (like a Tantivy merge).
    connection.execute(f"INSERT INTO {FTS5_TABLE}({FTS5_TABLE}) VALUES('optimize')")
    connection.commit()
    connection.close()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "seconds_before_optimize": indexed, "documents": documents, "segments": 1}


def _fts5_quote(word):
    return '"' + word.replace('"', '""') + '"'


def _fts5_syntax(query):
    """FTS5's query language: quoted words (so no word is read as an operator)."""
    words = query["words"]
    operation = query["op"]
    if operation == "prefix":
        return _fts5_quote(words[0]) + "*"
    if operation == "phrase":
        return _fts5_quote(" ".join(words))
    if operation == "and":
        return " AND ".join(_fts5_quote(word) for word in words)
    return " OR ".join(_fts5_quote(word) for word in words)


FTS5_SEARCH = f"SELECT rowid, rank FROM {FTS5_TABLE} WHERE {FTS5_TABLE} MATCH ? ORDER BY rank LIMIT {TOP}"


def _open_fts5(database_path):
    connection = sqlite3.connect(database_path)
    connection.execute("PRAGMA query_only=ON")
    return connection


def fts5_latency(database_path, queries, warmup, repeat):
    connection = _open_fts5(database_path)

    def execute(match):
        # `rank` is bm25() with FTS5's defaults; SQLite parses the MATCH expression here.
        return connection.execute(FTS5_SEARCH, (match,)).fetchall()

    latencies, hits = time_queries(queries, _fts5_syntax, execute, warmup, repeat)
    return {"latencies": latencies, "hits": hits, "segments": 1}


def fts5_rank(database_path, questions):
    connection = _open_fts5(database_path)
    ids = dict(connection.execute("SELECT rowid, id FROM docs"))
    run = {}
    for qid, words in questions:
        if not words:
            continue
        match = " OR ".join(_fts5_quote(word) for word in words)
        run[qid] = [ids[rowid] for rowid, _ in connection.execute(FTS5_SEARCH, (match,))]
    return {"run": run}


def fts5_sizes(database_path):
    """Bytes per part, from SQLite's dbstat: the FTS5 index b-trees (postings and dictionary),
    the id table, the rest (document lengths, config)."""
    connection = sqlite3.connect(database_path)
    sizes = {"total": os.path.getsize(database_path), "postings_and_dictionary": 0, "stored": 0}
    try:
        for name, size in connection.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
            if name in (f"{FTS5_TABLE}_data", f"{FTS5_TABLE}_idx"):
                sizes["postings_and_dictionary"] += size
            elif name == "docs":
                sizes["stored"] += size
    except sqlite3.OperationalError:
        pass  # dbstat not compiled in: total only
    connection.close()
    return sizes
