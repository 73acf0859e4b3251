"""Thai word segmentation for the peers: nlpo3 (newmm) with PyThaiNLP's default word list.

Tantivy and SQLite FTS5 have no Thai segmenter, so they get text in which every word is
separated by a space. Both peers see the same text: words of letters, digits and Thai marks
joined by single spaces, punctuation dropped. Tantivy then splits on whitespace and lowercases;
FTS5's unicode61 splits on the same spaces and lowercases too, so both index the same tokens.
"""

import json
import multiprocessing
import os
import re
import time
from dataclasses import dataclass

import nlpo3

DICTIONARY_NAME = "th"

# A word: letters and digits (Python's \w without the underscore) plus the Thai vowel and tone
# marks, which are combining marks and so not \w.
WORD_RUN = re.compile(r"(?:[^\W_]|[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E])+")
THAI_CHARACTER = re.compile(r"[\u0E00-\u0E7F]")
LATIN_WORD = re.compile(r"[A-Za-z]+")

# The document fields every system indexes, and where they come from in the JSONL records.
PEER_FIELDS = {
    "title": ("title",),
    "abstract": ("abstract",),
    "body": ("text", "body"),
    "keywords": ("keywords",),
    "authors": ("authors",),
}

_loaded_word_list = None


def default_word_list_path():
    """PyThaiNLP's default newmm word list (words_th.txt), the one pythainlp's newmm uses."""
    import pythainlp.corpus as corpus
    import pythainlp.corpus.common as common

    file_name = getattr(common, "_THAI_WORDS_FILENAME", "words_th.txt")
    return os.path.join(corpus.corpus_path(), file_name)


def load_segmenter(word_list_path):
    global _loaded_word_list
    if _loaded_word_list != word_list_path:
        nlpo3.load_dict(word_list_path, DICTIONARY_NAME)
        _loaded_word_list = word_list_path


def peer_text(text):
    """What the peers index for `text`: newmm words, punctuation dropped, one space between."""
    if not text:
        return ""
    return " ".join(WORD_RUN.findall(" ".join(nlpo3.segment(text, DICTIONARY_NAME))))


@dataclass
class Word:
    raw: str  # as written in the source text
    lower: str  # as the peers index it
    start: int  # offsets into the source text
    end: int

    @property
    def is_thai(self):
        return THAI_CHARACTER.search(self.raw) is not None

    @property
    def is_english(self):
        return LATIN_WORD.fullmatch(self.raw) is not None


def words_with_offsets(text):
    """The same words as `peer_text`, with their place in `text` (for building raw queries)."""
    words = []
    offset = 0
    for token in nlpo3.segment(text, DICTIONARY_NAME):
        for match in WORD_RUN.finditer(token):
            raw = match.group(0)
            words.append(Word(raw, raw.lower(), offset + match.start(), offset + match.end()))
        offset += len(token)
    return words


def field_values(record, source_names):
    """A field's values as a list of strings (fields may be a string or a list)."""
    for name in source_names:
        value = record.get(name)
        if value is None:
            continue
        if isinstance(value, list):
            return [str(item) for item in value if item]
        return [str(value)] if value else []
    return []


def segment_record(line):
    """One JSONL record → (peer record as a JSON line, characters segmented)."""
    record = json.loads(line)
    output = {"id": str(record["id"])}
    characters = 0
    for field, source_names in PEER_FIELDS.items():
        values = field_values(record, source_names)
        characters += sum(len(value) for value in values)
        output[field] = [peer_text(value) for value in values]
    return json.dumps(output, ensure_ascii=False), characters


def _segment_chunk(lines):
    results = [segment_record(line) for line in lines]
    return "".join(text + "\n" for text, _ in results), len(results), sum(count for _, count in results)


def _chunks(path, size):
    chunk = []
    with open(path, encoding="utf-8") as source:
        for line in source:
            if line.strip():
                chunk.append(line)
                if len(chunk) == size:
                    yield chunk
                    chunk = []
    if chunk:
        yield chunk


def segment_corpus(source_path, destination_path, word_list_path, workers):
    """Segments a JSONL corpus for the peers, on `workers` processes (one per core).

    Returns the wall time, the number of documents and of characters segmented.
    """
    started = time.perf_counter()
    documents = 0
    characters = 0
    with multiprocessing.Pool(workers, initializer=load_segmenter, initargs=(word_list_path,)) as pool, \
            open(destination_path, "w", encoding="utf-8") as destination:
        for text, chunk_documents, chunk_characters in pool.imap(_segment_chunk, _chunks(source_path, 200)):
            destination.write(text)
            documents += chunk_documents
            characters += chunk_characters
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "documents": documents, "characters": characters,
            "characters_per_second": characters / seconds if seconds else 0.0, "workers": workers}
