"""The query set: built deterministically from the corpus's own titles, one list per kind.

Each query has DMKM's form (raw text, DMKM segments Thai itself) and the peers' form: an
operation and the words as the peers indexed them (newmm-segmented, lowercased). Each peer
writes the operation in its own syntax.
"""

import json
import random

from compare_text import words_with_offsets, peer_text

KINDS = ["term-th", "term-en", "or-2", "or-3", "and-2", "phrase-2", "prefix-th", "prefix-en", "mixed-th-en"]
QUESTION_KIND = "question"

# Function words make poor queries; drop them from the pools (DMKM's `bench queries` does too).
ENGLISH_STOP_WORDS = frozenset("""
a an and are as at be been but by for from had has have he her his if in into is it its no not
of on or our she so than that the their them then there these they this those to was we were
which who will with within without you your also per via
""".split())


def thai_stop_words():
    from pythainlp.corpus import thai_stopwords
    return thai_stopwords()


def count_lines(path):
    lines = 0
    with open(path, "rb") as source:
        while block := source.read(1 << 24):
            lines += block.count(b"\n")
    return lines


def sample_documents(path, wanted):
    """About `wanted` records spread evenly over the file: (title, start of the body)."""
    stride = max(1, count_lines(path) // max(wanted, 1))
    samples = []
    with open(path, encoding="utf-8") as source:
        for number, line in enumerate(source):
            if number % stride or not line.strip():
                continue
            record = json.loads(line)
            title = record.get("title") or ""
            if isinstance(title, list):
                title = " ".join(title)
            body = record.get("text") or record.get("body") or ""
            samples.append((title, body[:300]))
    return samples


class QueryBuilder:
    def __init__(self, samples, seed, stop_words):
        self.random = random.Random(seed)
        self.stop_words = stop_words
        self.titles = []  # per title: (title text, its words)
        for title, _ in samples:
            if title:
                self.titles.append((title, words_with_offsets(title)))
        self.thai_pool = self._pool([words for _, words in self.titles], lambda word: word.is_thai)
        self.english_pool = self._pool([words for _, words in self.titles], lambda word: word.is_english)
        # Titles alone may hold too few words of a language (iApp titles are Thai names):
        # then the pools also take words from the start of the bodies.
        bodies = [words_with_offsets(body) for _, body in samples if body]
        if len(self.thai_pool) < 400:
            self.thai_pool += [w for w in self._pool(bodies, lambda word: word.is_thai) if w not in self.thai_pool]
        if len(self.english_pool) < 400:
            self.english_pool += [w for w in self._pool(bodies, lambda word: word.is_english) if w not in self.english_pool]

    def is_content(self, word):
        return len(word.lower) >= 2 and not word.lower.isdigit() and word.lower not in self.stop_words

    def _pool(self, word_lists, accept):
        """Distinct content words in first-seen order (deterministic), as (raw, lower) pairs."""
        seen = set()
        pool = []
        for words in word_lists:
            for word in words:
                if self.is_content(word) and accept(word) and word.lower not in seen:
                    seen.add(word.lower)
                    pool.append((word.raw, word.lower))
        return pool

    def content_words(self, words):
        distinct = {}
        for word in words:
            if self.is_content(word):
                distinct.setdefault(word.lower, word)
        return list(distinct.values())

    # One candidate query of each kind (None when this draw cannot make one).

    def term(self, pool):
        raw, lower = self.random.choice(pool)
        return {"dmkm": raw, "op": "term", "words": [lower]}

    def prefix(self, pool):
        raw, lower = self.random.choice(pool)
        if len(lower) < 4:
            return None
        return {"dmkm": lower[:3] + "*", "op": "prefix", "words": [lower[:3]]}

    def words_of_one_title(self, count, operation):
        _, words = self.random.choice(self.titles)
        content = self.content_words(words)
        if len(content) < count:
            return None
        chosen = self.random.sample(content, count)
        if operation == "and":
            dmkm = " ".join("+" + word.raw for word in chosen)
        else:
            dmkm = " ".join(word.raw for word in chosen)
        return {"dmkm": dmkm, "op": operation, "words": [word.lower for word in chosen]}

    def phrase(self):
        """Two words that stand next to each other in a title (nothing but space between)."""
        title, words = self.random.choice(self.titles)
        pairs = [(first, second) for first, second in zip(words, words[1:])
                 if self.is_content(first) and self.is_content(second)
                 and not title[first.end:second.start].strip()]
        if not pairs:
            return None
        first, second = self.random.choice(pairs)
        return {"dmkm": '"' + title[first.start:second.end] + '"', "op": "phrase", "words": [first.lower, second.lower]}

    def mixed(self):
        """A Thai and an English word, from one title when it has both."""
        _, words = self.random.choice(self.titles)
        content = self.content_words(words)
        thai = [word for word in content if word.is_thai]
        english = [word for word in content if word.is_english]
        if thai and english:
            pair = [self.random.choice(thai), self.random.choice(english)]
            raws, lowers = [word.raw for word in pair], [word.lower for word in pair]
        else:
            pair = [self.random.choice(self.thai_pool), self.random.choice(self.english_pool)]
            raws, lowers = [raw for raw, _ in pair], [lower for _, lower in pair]
        return {"dmkm": " ".join(raws), "op": "or", "words": lowers}

    def candidate(self, kind):
        if kind == "term-th":
            return self.term(self.thai_pool)
        if kind == "term-en":
            return self.term(self.english_pool)
        if kind == "or-2":
            return self.words_of_one_title(2, "or")
        if kind == "or-3":
            return self.words_of_one_title(3, "or")
        if kind == "and-2":
            return self.words_of_one_title(2, "and")
        if kind == "phrase-2":
            return self.phrase()
        if kind == "prefix-th":
            return self.prefix(self.thai_pool)
        if kind == "prefix-en":
            return self.prefix(self.english_pool)
        if kind == "mixed-th-en":
            return self.mixed()
        raise ValueError(kind)

    def queries(self, kind, count):
        """`count` distinct queries of `kind` (fewer if the corpus cannot give that many, none
        when it has no words of a language the kind needs)."""
        if ("th" in kind and not self.thai_pool) or ("en" in kind and not self.english_pool):
            return []
        chosen = {}
        attempts = 0
        while len(chosen) < count and attempts < 100 * count:
            attempts += 1
            query = self.candidate(kind)
            if query and query["dmkm"] not in chosen:
                chosen[query["dmkm"]] = dict(query, kind=kind)
        return list(chosen.values())


def question_queries(queries_tsv, count, seed):
    """A sample of the collection's own questions (natural-language, an OR of words for peers)."""
    with open(queries_tsv, encoding="utf-8") as source:
        lines = [line.rstrip("\n").split("\t", 1) for line in source if "\t" in line]
    sample = random.Random(seed).sample(lines, min(count, len(lines)))
    queries = []
    for _, text in sample:
        words = peer_text(text).lower().split()
        if words:
            queries.append({"kind": QUESTION_KIND, "dmkm": text, "op": "or", "words": words})
    return queries


def build_query_set(corpus_path, per_kind, seed=20240601, questions_tsv=None):
    samples = sample_documents(corpus_path, max(4000, 10 * per_kind))
    stop_words = ENGLISH_STOP_WORDS | frozenset(thai_stop_words())
    builder = QueryBuilder(samples, seed, stop_words)
    queries = []
    for kind in KINDS:
        queries += builder.queries(kind, per_kind)
    if questions_tsv:
        queries += question_queries(questions_tsv, per_kind, seed)
    return queries


def write_dmkm_query_file(queries, path):
    """`kind<TAB>query` lines for `bench latency`."""
    with open(path, "w", encoding="utf-8") as output:
        for query in queries:
            text = query["dmkm"].replace("\t", " ").replace("\n", " ")
            output.write(f"{query['kind']}\t{text}\n")
