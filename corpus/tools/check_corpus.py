#!/usr/bin/env python3
"""Checks the DMKM sample corpus (corpus/): metadata, formats, judged queries and leak words.

    python3 corpus/tools/check_corpus.py           # prints a report, exits 1 on any error
    python3 corpus/tools/check_corpus.py --dump    # also writes /tmp/dmkm-corpus-text/ID.txt

Needs Python 3 with PyYAML, and pdftotext/pdfinfo (Debian poppler-utils) for the PDFs. Thai word
counts use libthai through ctypes when it is installed, else an estimate (Thai characters / 4).
"""

import argparse
import ctypes
import ctypes.util
import datetime
import glob
import html
import json
import os
import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import yaml

CORPUS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FORMATS = ["html", "xml", "docx", "odt", "pdf", "txt", "md", "jsonl"]
# Formats of the bureau's archive (scripts/make-corpus-office): one or two documents each, their
# text read from the sources in tools/office-src/.
ARCHIVE_FORMATS = ["scan", "pptx", "xlsx", "doc"]
SIDECAR_KEYS = {"id", "title_th", "title_en", "abstract_th", "abstract_en", "authors", "year", "type",
                "unit", "keywords", "access", "public_from", "awards"}
JSONL_KEYS = ["id", "title", "text", "lang", "abstract", "authors", "keywords", "year", "type", "unit",
              "access", "public_from", "awards"]
TYPES = {"research", "paper", "innovation", "academic-work", "report", "other"}
STATUSES = {"candidate", "drafting", "submitted", "shortlisted", "awarded", "not-awarded", "withdrawn"}
JUNK_WORDS = ["NAVJUNK", "SCRIPTJUNK", "STYLEJUNK"]
TH = "\u0E00-\u0E7F"
TODAY = datetime.date.today()

errors = []
warnings = []


def error(msg):
    errors.append(msg)


def warn(msg):
    warnings.append(msg)


# ------------------------------------------------------------------ word counting
_brk = None
try:
    _lib = ctypes.CDLL(ctypes.util.find_library("thai") or "libthai.so.0")
    _lib.th_brk_new.restype = ctypes.c_void_p
    _lib.th_brk_new.argtypes = [ctypes.c_char_p]
    _lib.th_brk_wc_find_breaks.argtypes = [ctypes.c_void_p, ctypes.c_wchar_p,
                                           ctypes.POINTER(ctypes.c_int), ctypes.c_size_t]
    _brk = _lib.th_brk_new(None)
except OSError:
    _brk = None


def word_count(text):
    n = 0
    for m in re.finditer(f"[{TH}]+|[A-Za-z0-9]+(?:[.,'-][A-Za-z0-9]+)*", text):
        t = m.group()
        if "\u0E00" <= t[0] <= "\u0E7F":
            if _brk:
                pos = (ctypes.c_int * (len(t) + 1))()
                n += _lib.th_brk_wc_find_breaks(_brk, t, pos, len(t) + 1) + 1
            else:
                n += max(1, len(t) // 4)
        else:
            n += 1
    return n


def language(text):
    """th, en or mixed, from the share of Thai among letters and the amount of running English."""
    thai = len(re.findall(f"[{TH}]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    english_runs = len(re.findall(r"(?:\b[A-Za-z][a-z]+\b[ ,;:()-]+){6,}", text))
    if thai == 0 or thai < 0.05 * (thai + latin):
        return "en"
    if english_runs >= 3 or latin > 0.25 * (thai + latin):
        return "mixed"
    return "th"


# ------------------------------------------------------------------ text extraction
class HTMLText(HTMLParser):
    SKIP = {"script", "style", "nav"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.body = []
        self.skipped = []
        self.meta = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1
        if tag == "meta":
            a = dict(attrs)
            if "name" in a:
                self.meta.append((a["name"], a.get("content", "")))

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        (self.skipped if self.depth else self.body).append(data)


def xml_text(path):
    root = ET.parse(path).getroot()
    return " ".join(t.strip() for t in root.itertext() if t.strip()), root


def zip_xml_text(z, name):
    root = ET.fromstring(z.read(name))
    return " ".join(t for t in root.itertext()), root


def pdf_text(path):
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", path, "-"], check=True,
                          capture_output=True, text=True).stdout


def pdf_info(path):
    out = subprocess.run(["pdfinfo", path], check=True, capture_output=True, text=True).stdout
    info = {}
    for line in out.splitlines():
        k, _, v = line.partition(":")
        info[k.strip()] = v.strip()
    return info


# ------------------------------------------------------------------ per-format checks
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_docx(path):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        for part in ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "docProps/core.xml"]:
            if part not in names:
                error(f"{path}: missing part {part}")
        body, root = zip_xml_text(z, "word/document.xml")
        if root.find(f".//{W}p") is None or root.find(f".//{W}tbl") is None:
            error(f"{path}: word/document.xml needs paragraphs and a table")
        core = z.read("docProps/core.xml").decode()
        for tag in ["dc:title", "dc:creator", "dcterms:created", "cp:keywords"]:
            if not re.search(f"<{tag}[ >][^<]+</{tag}>", core):
                error(f"{path}: docProps/core.xml lacks {tag}")
        meta_text, _ = zip_xml_text(z, "docProps/core.xml")
    return body, meta_text


def check_odt(path):
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        if not infos or infos[0].filename != "mimetype" or infos[0].compress_type != zipfile.ZIP_STORED:
            error(f"{path}: mimetype must be the first entry, stored")
        elif z.read("mimetype") != b"application/vnd.oasis.opendocument.text":
            error(f"{path}: wrong mimetype")
        names = z.namelist()
        for part in ["content.xml", "meta.xml", "styles.xml", "META-INF/manifest.xml"]:
            if part not in names:
                error(f"{path}: missing part {part}")
        body, root = zip_xml_text(z, "content.xml")
        if root.find(".//{urn:oasis:names:tc:opendocument:xmlns:table:1.0}table") is None:
            error(f"{path}: content.xml has no table")
        meta = z.read("meta.xml").decode()
        for tag in ["dc:title", "meta:initial-creator", "meta:creation-date", "meta:keyword"]:
            if not re.search(f"<{tag}>[^<]+</{tag}>", meta):
                error(f"{path}: meta.xml lacks {tag}")
        meta_text, _ = zip_xml_text(z, "meta.xml")
    return body, meta_text


def check_html(path):
    raw = open(path, encoding="utf-8").read()
    p = HTMLText()
    p.feed(raw)
    names = {n for n, _ in p.meta}
    for need in ["DC.title", "DC.creator", "DC.date", "DC.subject", "DC.language"]:
        if need not in names:
            error(f"{path}: no <meta name=\"{need}\">")
    if "<title>" not in raw or "<nav" not in raw or "<script" not in raw or "<style" not in raw or "<table" not in raw:
        error(f"{path}: needs <title>, <nav>, <script>, <style> and a table")
    body = " ".join(p.body)
    skipped = " ".join(p.skipped)
    for j in JUNK_WORDS:
        if j in body:
            error(f"{path}: junk word {j} outside nav/script/style")
    if not any(j in skipped for j in JUNK_WORDS):
        error(f"{path}: no junk word inside nav/script/style")
    meta_text = " ".join(c for n, c in p.meta)
    return html.unescape(body), meta_text, "citation_title" in names


def check_xml(path):
    text, root = xml_text(path)
    tag = root.tag
    kind = None
    if tag == "article":
        kind = "jats"
        for need in ["front/article-meta/title-group/article-title", "front/article-meta/contrib-group/contrib",
                     "front/article-meta/abstract", "front/article-meta/kwd-group/kwd",
                     "front/article-meta/pub-date", "body/sec"]:
            if root.find(need) is None:
                error(f"{path}: JATS lacks {need}")
    elif tag == "{http://www.tei-c.org/ns/1.0}TEI":
        kind = "tei"
        ns = "{http://www.tei-c.org/ns/1.0}"
        for need in ["teiHeader/fileDesc/titleStmt/title", "teiHeader/fileDesc/titleStmt/author",
                     "teiHeader/fileDesc/publicationStmt/date", "text/body/div"]:
            if root.find("/".join(ns + s for s in need.split("/"))) is None:
                error(f"{path}: TEI lacks {need}")
    elif tag == "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc":
        kind = "oai_dc"
        dc = "{http://purl.org/dc/elements/1.1/}"
        for need in ["title", "creator", "subject", "description", "date", "type", "language"]:
            if root.find(dc + need) is None:
                error(f"{path}: oai_dc lacks dc:{need}")
    else:
        error(f"{path}: unknown XML root {tag}")
    return text, kind


def archive_source_text(path, fmt):
    """The text of a scripts/make-corpus-office document, from its source."""
    name = os.path.splitext(os.path.basename(path))[0]
    if fmt == "scan":
        return open(f"tools/office-src/{name}.scan.txt", encoding="utf-8").read().replace("%%PAGE%%", "")
    if fmt == "doc":
        return re.sub(r"<[^>]+>", " ", open(f"tools/office-src/{name}.doc.html.in", encoding="utf-8").read())
    spec = json.load(open(f"tools/office-src/{name}.{fmt}.json", encoding="utf-8"))
    strings = []
    def walk(value):
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif value is not None:
            strings.append(str(value))
    walk(spec)
    return " ".join(strings)


def check_pdf(path, src_dir):
    name = os.path.basename(path)[:-4]
    text = pdf_text(path)
    info = pdf_info(path)
    for k in ["Title", "Author", "Subject", "Keywords"]:
        if not info.get(k):
            error(f"{path}: PDF {k} is empty")
    src = os.path.join(src_dir, name + ".html.in")
    if not os.path.exists(src):
        error(f"{path}: no source {src}")
        return text, info
    s = open(src, encoding="utf-8").read()
    s = re.sub(r"(?s)<(style|head)\b.*?</\1>", " ", s)
    blocks = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"(?i)</?(p|li|h\d|td|th|tr|caption|br|ul|ol|table)\b[^>]*>", "\n", s)))
    blocks = re.sub(r"[ \t]*\n[ \t\n]*", "\n", re.sub(r"[ \t\r]+", " ", blocks))
    norm_src = re.sub(r"\s+", " ", blocks)
    squeezed_src = re.sub(r"\s+", "", norm_src)
    squeezed_pdf = re.sub(r"\s+", "", text)
    # every source paragraph's text must come out (ignoring line breaks), and no space may appear
    # between two Thai characters where the source has none (e.g. after a combining mark).
    for sentence in re.findall(rf"[{TH}][{TH} ]{{20,}}", blocks)[:200]:
        if re.sub(r"\s+", "", sentence) not in squeezed_pdf:
            error(f"{path}: source text not found in pdftotext -raw output: {sentence[:40]}...")
            break
    for line in text.splitlines():
        for m in re.finditer(rf"(?=([{TH}]{{1,4}}) ([{TH}]{{1,4}}))", line):
            pair = m.group(1) + " " + m.group(2)
            if pair not in norm_src:
                error(f"{path}: spurious space in Thai text: {pair!r}")
                break
    if len(squeezed_pdf) < 0.8 * len(squeezed_src):
        error(f"{path}: PDF text much shorter than its source")
    return text, info


# ------------------------------------------------------------------ main
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", action="store_true")
    args = ap.parse_args()
    os.chdir(CORPUS)

    docs = {}          # id -> dict(format, path, access, public_from, text, meta)
    per_format = {f: 0 for f in FORMATS + ARCHIVE_FORMATS}
    citation_pages = 0
    xml_kinds = {}
    multipage = 0

    for fmt in FORMATS + ARCHIVE_FORMATS:
        for path in sorted(glob.glob(f"{fmt}/*")):
            if path.endswith(".meta.yaml"):
                target = path[:-len(".meta.yaml")]
                if not os.path.exists(target):
                    error(f"{path}: sidecar without document")
                continue
            if fmt == "jsonl":
                if not path.endswith(".jsonl"):
                    error(f"{path}: unexpected file")
                    continue
                for i, line in enumerate(open(path, encoding="utf-8"), 1):
                    if not line.strip():
                        continue
                    try:
                        r = json.loads(line)
                    except json.JSONDecodeError as e:
                        error(f"{path}:{i}: bad JSON: {e}")
                        continue
                    if list(r.keys()) != JSONL_KEYS:
                        error(f"{path}:{i}: keys must be {JSONL_KEYS}")
                    meta = {k: r.get(k) for k in JSONL_KEYS if k not in ("text", "title", "abstract", "lang")}
                    check_meta(f"{path}:{i}", meta)
                    text = " ".join([r.get("title", ""), r.get("abstract", ""), r.get("text", "")])
                    add_doc(docs, r["id"], fmt, f"{path}#{r['id']}", meta, text, "", r.get("lang"))
                    per_format[fmt] += 1
                continue
            sidecar = path + ".meta.yaml"
            if not os.path.exists(sidecar):
                error(f"{path}: no sidecar {sidecar}")
                continue
            try:
                meta = yaml.safe_load(open(sidecar, encoding="utf-8"))
            except yaml.YAMLError as e:
                error(f"{sidecar}: YAML error: {e}")
                continue
            if not isinstance(meta, dict) or "id" not in meta:
                error(f"{sidecar}: needs a mapping with id")
                continue
            check_meta(sidecar, meta)
            embedded = ""
            try:
                if fmt == "html":
                    text, embedded, has_citation = check_html(path)
                    citation_pages += has_citation
                elif fmt == "xml":
                    text, kind = check_xml(path)
                    xml_kinds[kind] = xml_kinds.get(kind, 0) + 1
                elif fmt == "docx":
                    text, embedded = check_docx(path)
                elif fmt == "odt":
                    text, embedded = check_odt(path)
                elif fmt == "pdf":
                    text, info = check_pdf(path, "tools/pdf-src")
                    embedded = " ".join(info.get(k, "") for k in ["Title", "Author", "Subject", "Keywords"])
                    multipage += int(info.get("Pages", "0")) >= 2
                elif fmt in ("txt", "md"):
                    text = open(path, encoding="utf-8").read()
                    if fmt == "md" and text.startswith("---\n"):
                        end = text.find("\n---\n", 4)
                        if end < 0:
                            error(f"{path}: unterminated YAML front matter")
                        else:
                            front = yaml.safe_load(text[4:end])
                            if not isinstance(front, dict) or "title" not in front:
                                error(f"{path}: front matter needs a title")
                elif fmt in ARCHIVE_FORMATS:
                    text = archive_source_text(path, fmt)
                else:
                    error(f"{path}: unknown format")
                    continue
            except (ET.ParseError, zipfile.BadZipFile, subprocess.CalledProcessError, KeyError) as e:
                error(f"{path}: cannot read: {e}")
                continue
            side_text = " ".join(str(v) for v in meta.values())
            add_doc(docs, meta["id"], fmt, path, meta, text, embedded + " " + side_text, None)
            per_format[fmt] += 1

    # formats
    for fmt, n in per_format.items():
        if fmt in ARCHIVE_FORMATS:
            if n < 1:
                error(f"format {fmt}: no document")
            continue
        if n < 5:
            error(f"format {fmt}: {n} documents, need at least 5")
    for kind in ["jats", "tei", "oai_dc"]:
        if xml_kinds.get(kind, 0) < 2:
            error(f"xml: need at least 2 {kind} documents, have {xml_kinds.get(kind, 0)}")
    if citation_pages < 2:
        error("html: fewer than 2 pages with citation_* metadata")
    if multipage < 1:
        error("pdf: no multi-page PDF")

    # lengths and languages
    langs = {"th": 0, "en": 0, "mixed": 0}
    readme = open("README.md", encoding="utf-8").read()
    declared = dict(re.findall(r"^\| `([a-z0-9-]+)` \| \S+(?: \(record\))? \| (th|en|mixed) \|", readme, re.M))
    if set(declared) != set(docs):
        error(f"README document table differs from the corpus: missing {sorted(set(docs) - set(declared))}, "
              f"extra {sorted(set(declared) - set(docs))}")
    for d_id, d in docs.items():
        n = word_count(d["text"])
        d["words"] = n
        if n < 300 or n > 2500:
            error(f"{d['path']}: {n} words, want 300-2500")
        d["lang"] = d["declared_lang"] or declared.get(d_id) or language(d["text"])
        langs[d["lang"]] = langs.get(d["lang"], 0) + 1

    # internal words, junk words, README lists
    internal = {i: d for i, d in docs.items() if d["access"] == "internal"}
    listed = dict(re.findall(r"^\| `([A-Z]+)` \| `([a-z0-9-]+)` \|", readme, re.M))
    if set(listed.values()) != set(internal):
        error(f"README internal-word table ids {sorted(listed.values())} != internal ids {sorted(internal)}")
    everything = {i: d["text"] + " " + d["embedded"] for i, d in docs.items()}
    for word, owner in listed.items():
        holders = [i for i, t in everything.items() if word in t]
        if holders != [owner]:
            error(f"internal word {word}: found in {holders}, expected only in {owner}")
        if word in open("queries.tsv", encoding="utf-8").read():
            error(f"internal word {word} appears in queries.tsv")
    for word in JUNK_WORDS:
        for i, d in docs.items():
            if word in d["text"]:
                error(f"junk word {word} in indexable text of {i}")
    embargoed = sorted(i for i, d in docs.items() if d["public_from"] and d["public_from"] > TODAY)
    for i in embargoed:
        if f"`{i}`" not in readme:
            error(f"README does not list embargoed id {i}")
    awarded = sorted(i for i, d in docs.items() if d["awards"])
    for i in awarded:
        if f"`{i}`" not in readme:
            error(f"README does not list award-tagged id {i}")
    tpsa = sum(1 for d in docs.values() for a in d["awards"] if a.get("program") == "TPSA")
    unpsa = sum(1 for d in docs.values() for a in d["awards"] if a.get("program") == "UNPSA")
    units = {d["unit"] for d in docs.values() if d["unit"]}

    # queries and qrels
    queries = {}
    for n, line in enumerate(open("queries.tsv", encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line:
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0] or not parts[1].strip():
            error(f"queries.tsv:{n}: want qid<TAB>query")
            continue
        if parts[0] in queries:
            error(f"queries.tsv:{n}: duplicate qid {parts[0]}")
        queries[parts[0]] = parts[1]
    visible = {i for i, d in docs.items() if d["access"] == "public" and i not in embargoed}
    judged = {q: [] for q in queries}
    seen = set()
    for n, line in enumerate(open("qrels.tsv", encoding="utf-8"), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 4 or parts[1] != "0" or parts[3] not in ("1", "2"):
            error(f"qrels.tsv:{n}: want 'qid 0 docid grade' with grade 1 or 2")
            continue
        q, _, doc, grade = parts
        if q not in queries:
            error(f"qrels.tsv:{n}: unknown qid {q}")
        if doc not in docs:
            error(f"qrels.tsv:{n}: unknown docid {doc}")
        if (q, doc) in seen:
            error(f"qrels.tsv:{n}: duplicate judgement {q} {doc}")
        seen.add((q, doc))
        judged.setdefault(q, []).append(doc)
    for q, ds in judged.items():
        if not any(d in visible for d in ds):
            error(f"query {q} has no relevant public, non-embargoed document")
    if len(queries) < 36:
        error(f"{len(queries)} queries, need at least 36")
    qlang = {"th": 0, "en": 0, "mixed": 0}
    for q in queries.values():
        has_th = bool(re.search(f"[{TH}]", q))
        has_en = bool(re.search(r"[A-Za-z]{3,}", re.sub(r"\b(title|year|type|author|unit|lang):\S*", "", q)))
        qlang["mixed" if has_th and has_en else "th" if has_th else "en"] += 1

    # office documents are reproducible
    gen = subprocess.run([sys.executable, "tools/make_office_docs.py", "--check"], capture_output=True, text=True)
    if gen.returncode != 0:
        error("tools/make_office_docs.py --check: committed office files differ from the generator: " + gen.stderr.strip())

    if args.dump:
        os.makedirs("/tmp/dmkm-corpus-text", exist_ok=True)
        for i, d in docs.items():
            with open(f"/tmp/dmkm-corpus-text/{i}.txt", "w", encoding="utf-8") as f:
                f.write(d["text"] + "\n\n[meta] " + d["embedded"])

    # report
    print(f"documents: {len(docs)}")
    print("per format: " + ", ".join(f"{f}={n}" for f, n in per_format.items()))
    print(f"xml kinds: {xml_kinds}")
    print("languages: " + ", ".join(f"{k}={v}" for k, v in langs.items()))
    print(f"words: min={min(d['words'] for d in docs.values())} max={max(d['words'] for d in docs.values())}"
          + ("" if _brk else " (estimated, libthai not found)"))
    print(f"internal: {len(internal)}  embargoed: {embargoed}  TPSA tags: {tpsa}  UNPSA tags: {unpsa}  units: {len(units)}")
    print(f"queries: {len(queries)} (" + ", ".join(f"{k}={v}" for k, v in qlang.items()) + f"), judgements: {len(seen)}")
    for w in warnings:
        print("warning: " + w)
    for e in errors:
        print("ERROR: " + e)
    print(f"{'FAILED' if errors else 'OK'}: {len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


def add_doc(docs, doc_id, fmt, path, meta, text, embedded, declared_lang):
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(doc_id)):
        error(f"{path}: id {doc_id!r} is not a lowercase slug")
    if doc_id in docs:
        error(f"{path}: duplicate id {doc_id} (also {docs[doc_id]['path']})")
    pf = meta.get("public_from")
    if isinstance(pf, str):
        pf = datetime.date.fromisoformat(pf)
    docs[doc_id] = dict(format=fmt, path=path, access=meta.get("access") or "public", public_from=pf,
                        awards=meta.get("awards") or [], unit=meta.get("unit"), text=text,
                        embedded=embedded, declared_lang=declared_lang)


def check_meta(where, meta):
    for k in meta:
        if k not in SIDECAR_KEYS:
            error(f"{where}: unknown key {k}")
    if meta.get("type") is not None and meta["type"] not in TYPES:
        error(f"{where}: type {meta['type']!r} not in {sorted(TYPES)}")
    if meta.get("access") is not None and meta["access"] not in ("public", "internal"):
        error(f"{where}: access must be public or internal")
    year = meta.get("year")
    if year is not None and not (isinstance(year, int) and (1990 <= year <= 2035 or 2530 <= year <= 2580)):
        error(f"{where}: year {year!r} is neither CE nor BE")
    pf = meta.get("public_from")
    if pf is not None:
        try:
            if isinstance(pf, str):
                datetime.date.fromisoformat(pf)
            elif not isinstance(pf, datetime.date):
                raise ValueError
        except ValueError:
            error(f"{where}: public_from must be YYYY-MM-DD")
    for key in ("authors", "keywords"):
        if meta.get(key) is not None and not (isinstance(meta[key], list) and all(isinstance(x, str) for x in meta[key])):
            error(f"{where}: {key} must be a list of strings")
    for a in meta.get("awards") or []:
        if not isinstance(a, dict) or set(a) - {"program", "cycle", "category", "status"}:
            error(f"{where}: award {a!r} has unexpected keys")
            continue
        if a.get("program") == "TPSA":
            if not (isinstance(a.get("cycle"), int) and 2550 <= a["cycle"] <= 2580):
                error(f"{where}: TPSA cycle must be a Buddhist Era year")
        elif a.get("program") == "UNPSA":
            if not (isinstance(a.get("cycle"), int) and 2000 <= a["cycle"] <= 2040):
                error(f"{where}: UNPSA cycle must be a CE year")
        else:
            error(f"{where}: award program must be TPSA or UNPSA")
        if a.get("status") not in STATUSES:
            error(f"{where}: award status {a.get('status')!r} not in {sorted(STATUSES)}")


if __name__ == "__main__":
    sys.exit(main())
