"""bench/compare: DMKM side by side with Tantivy and SQLite FTS5 on the same corpora and queries.

Run through ./bench/compare (which creates bench/.venv and installs compare-requirements.txt).
For each corpus (the generator's N documents, and iApp Thai Wikipedia QA):

1. builds one query set from the corpus's titles (kinds in compare_queries.KINDS),
2. DMKM: `dmkm ingest`, then `bench latency` (in-process timing) and, for iApp, a TREC run
   from `dmkm search --batch` scored by the same nDCG@10 function as the peers,
3. peers: the corpus is segmented once with nlpo3 newmm (timed separately), then Tantivy and
   FTS5 index it and run the same queries.

Every indexing and querying phase runs in its own child process, so its peak RSS is its own.
Markdown tables go to stdout (and WORK/results.md), raw results to WORK/results.json, progress
to stderr.
"""

import argparse
import collections
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass

BENCH_DIRECTORY = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH_DIRECTORY)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import compare_peers  # noqa: E402
import compare_queries  # noqa: E402
import compare_report  # noqa: E402
import compare_text  # noqa: E402

REPOSITORY = os.path.dirname(BENCH_DIRECTORY)
SYSTEMS = ["dmkm", "tantivy", "fts5"]
STORES = {
    "dmkm": "full documents, compressed",
    "tantivy": "id only",
    "fts5": "id only (contentless index + rowid→id table)",
}


def progress(message):
    print(f"[compare {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def load_average():
    return "/".join(f"{value:.2f}" for value in os.getloadavg())


def top_snapshot():
    try:
        return subprocess.run(["top", "-bn1"], capture_output=True, text=True, timeout=10).stdout.splitlines()[:15]
    except (OSError, subprocess.SubprocessError):
        return []


# ---------------------------------------------------------------------------------------------
# Child processes: wall time and peak RSS of one phase


@dataclass
class Measured:
    seconds: float
    cpu_seconds: float  # user + system: shows how many cores a phase kept busy
    max_rss_mb: float


def run_measured(argv, log_path, stdout_path=None, stdin_path=None):
    """Runs `argv` to completion through compare_launch.py, its stderr going to `log_path`; its
    wall time and peak RSS (its own: see the launcher). Raises with the log's tail on failure."""
    measurement_path = log_path + ".measured.json"
    if os.path.exists(measurement_path):
        os.remove(measurement_path)
    launcher = [sys.executable, "-I", "-S", os.path.join(BENCH_DIRECTORY, "compare_launch.py"), measurement_path]
    with open(stdin_path or os.devnull, "rb") as stdin, \
            open(stdout_path or os.devnull, "wb") as stdout, \
            open(log_path, "wb") as stderr:
        status = subprocess.run(launcher + argv, stdin=stdin, stdout=stdout, stderr=stderr).returncode
    measurement = {}
    if os.path.exists(measurement_path):
        with open(measurement_path, encoding="utf-8") as source:
            measurement = json.load(source)
    if status != 0 or measurement.get("exit_code") != 0:
        tail = ""
        if os.path.exists(log_path):
            with open(log_path, encoding="utf-8", errors="replace") as log:
                tail = "".join(log.readlines()[-20:])
        raise RuntimeError(f"{shlex.join(argv)} failed (exit {measurement.get('exit_code', status)})\n{tail}")
    return Measured(measurement["seconds"], measurement["cpu_seconds"], measurement["max_rss_kb"] / 1024)  # KiB on Linux


def run_python_child(role, arguments, directory):
    """Runs one phase of a peer in a fresh Python process (see `child_main`)."""
    arguments_path = os.path.join(directory, f"{role}.arguments.json")
    result_path = os.path.join(directory, f"{role}.result.json")
    with open(arguments_path, "w", encoding="utf-8") as output:
        json.dump(arguments, output, ensure_ascii=False)
    measured = run_measured([sys.executable, os.path.abspath(__file__), "--child", role, arguments_path, result_path],
                            log_path=os.path.join(directory, f"{role}.log"))
    with open(result_path, encoding="utf-8") as source:
        return json.load(source), measured


CHILD_ROLES = {
    "segment": lambda a: compare_text.segment_corpus(a["source"], a["destination"], a["word_list"], a["workers"]),
    "tantivy-index": lambda a: compare_peers.tantivy_index(a["segmented"], a["index"]),
    "tantivy-latency": lambda a: compare_peers.tantivy_latency(a["index"], a["queries"], a["warmup"], a["repeat"]),
    "tantivy-rank": lambda a: compare_peers.tantivy_rank(a["index"], a["questions"]),
    "fts5-index": lambda a: compare_peers.fts5_index(a["segmented"], a["index"]),
    "fts5-latency": lambda a: compare_peers.fts5_latency(a["index"], a["queries"], a["warmup"], a["repeat"]),
    "fts5-rank": lambda a: compare_peers.fts5_rank(a["index"], a["questions"]),
}


def child_main(role, arguments_path, result_path):
    with open(arguments_path, encoding="utf-8") as source:
        arguments = json.load(source)
    result = CHILD_ROLES[role](arguments)
    with open(result_path, "w", encoding="utf-8") as output:
        json.dump(result, output, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------
# Corpora


@dataclass
class Corpus:
    name: str
    title: str
    path: str
    queries_tsv: str = None  # judged questions (iApp)
    qrels: str = None


def build_dmkm(options):
    for product in ("dmkm", "bench"):
        progress(f"building {product} (swift build -c release --product {product})")
        log_path = os.path.join(options.work, f"build-{product}.log")
        with open(log_path, "wb") as log:
            status = subprocess.run(["swift", "build", "-c", "release", "--product", product],
                                    cwd=REPOSITORY, stdout=log, stderr=subprocess.STDOUT).returncode
        if status != 0:
            with open(log_path, encoding="utf-8", errors="replace") as log:
                tail = [line for line in log.readlines() if "error" in line][-10:]
            sys.exit(f"swift build of {product} failed (see {log_path}):\n" + "".join(tail))


def remove_path(path):
    """Removes a previous run's index (a directory or a single file)."""
    if os.path.isdir(path):
        shutil.rmtree(path)
    elif os.path.exists(path):
        os.remove(path)


def release_binary(name):
    return os.path.join(REPOSITORY, ".build", "release", name)


def generated_corpus(options):
    """The generator's corpus, cached in the work directory (the generator is deterministic)."""
    directory = os.path.join(options.work, "corpora")
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, f"generated-{options.docs}.jsonl")
    if os.path.exists(path) and os.path.getsize(path) > 0:
        progress(f"reusing {path}")
    else:
        progress(f"generating {options.docs} documents into {path}")
        partial = path + ".partial"
        run_measured([release_binary("bench"), "generate", "--docs", str(options.docs), "--out", partial],
                     log_path=os.path.join(directory, "generate.log"))
        os.replace(partial, path)
    return Corpus(f"generated-{options.docs}", f"Generated corpus, {options.docs:,} documents", path)


THAI_RUN = re.compile(r"[\u0E00-\u0E7F]+")
SPACES = re.compile(r"[ \t]+")


def english_corpus(options, generated):
    """English text for the English indexing target: the generated corpus's English-dominant
    documents (lang "en") with their Thai runs removed (they hold about 9% Thai characters)."""
    path = os.path.join(options.work, "corpora", f"english-{options.docs}.jsonl")
    if os.path.exists(path) and os.path.getsize(path) > 0:
        progress(f"reusing {path}")
    else:
        progress(f"writing the English documents of {generated.path} into {path}")

        def strip(value):
            if isinstance(value, list):
                return [item for item in (strip(item) for item in value) if item]
            if isinstance(value, str):
                return SPACES.sub(" ", THAI_RUN.sub(" ", value)).strip()
            return value

        with open(generated.path, encoding="utf-8") as source, open(path + ".partial", "w", encoding="utf-8") as output:
            for line in source:
                record = json.loads(line)
                if record.get("lang") != "en":
                    continue
                for field in ("title", "abstract", "text", "keywords", "authors"):
                    if field in record:
                        record[field] = strip(record[field])
                output.write(json.dumps(record, ensure_ascii=False) + "\n")
        os.replace(path + ".partial", path)
    documents = compare_queries.count_lines(path)
    return Corpus(f"english-{options.docs}", f"English text: the generated corpus's {documents:,} English-dominant documents, "
                  "Thai runs removed", path)


def iapp_corpus(options):
    directory = os.path.join(options.shared, "retrieval", "iapp-wiki-qa-train")
    return Corpus("iapp-wiki-qa-train", "iApp Thai Wikipedia QA (train)", os.path.join(directory, "corpus.jsonl"),
                  os.path.join(directory, "queries.tsv"), os.path.join(directory, "qrels.tsv"))


def read_questions(path):
    with open(path, encoding="utf-8") as source:
        return [tuple(line.rstrip("\n").split("\t", 1)) for line in source if "\t" in line]


# ---------------------------------------------------------------------------------------------
# DMKM


def directory_sizes(directory, postings_suffixes, stored_suffixes):
    sizes = {"total": 0, "postings_and_dictionary": 0, "stored": 0}
    for name in os.listdir(directory):
        size = os.path.getsize(os.path.join(directory, name))
        sizes["total"] += size
        if name.endswith(postings_suffixes):
            sizes["postings_and_dictionary"] += size
        elif name.endswith(stored_suffixes):
            sizes["stored"] += size
    return sizes


def run_dmkm(corpus, directory, query_file, options):
    index = os.path.join(directory, "dmkm-index")
    remove_path(index)
    progress(f"{corpus.name}: DMKM ingest")
    ingest_log = os.path.join(directory, "dmkm-ingest.log")
    ingest = run_measured([release_binary("dmkm"), "ingest", corpus.path, "--index", index], log_path=ingest_log)
    # .tim term dictionary, .doc postings, .pos positions; .fdt stored documents.
    sizes = directory_sizes(index, (".tim", ".doc", ".pos"), (".fdt",))
    result = {"index_seconds": ingest.seconds, "index_cpu_seconds": ingest.cpu_seconds, "index_rss_mb": ingest.max_rss_mb,
              "sizes": sizes, "stores": STORES["dmkm"]}
    progress(f"{corpus.name}: DMKM indexed in {ingest.seconds:.1f} s, {sizes['total'] / 1e6:.1f} MB; latency")
    latency_path = os.path.join(directory, "dmkm-latency.json")
    latency = run_measured([release_binary("bench"), "latency", "--index", index, "--query-file", query_file,
                            "--warmup", str(options.warmup), "--repeat", str(options.repeat), "--json"],
                           stdout_path=latency_path, log_path=os.path.join(directory, "dmkm-latency.log"))
    with open(latency_path, encoding="utf-8") as source:
        report = json.load(source)
    result.update(latency=report["kinds"], query_rss_mb=latency.max_rss_mb, query_process_seconds=latency.seconds,
                  query_cpu_seconds=latency.cpu_seconds, segments=report["segments"], failed_queries=report["failures"])
    if corpus.qrels:
        result.update(dmkm_relevance(corpus, directory, index))
    return result


def dmkm_relevance(corpus, directory, index):
    """nDCG@10 of `dmkm search --batch --format trec`, checked against `dmkm eval`."""
    progress(f"{corpus.name}: DMKM relevance run")
    run_path = os.path.join(directory, "dmkm.run")
    run_measured([release_binary("dmkm"), "search", "--batch", "--format", "trec", "--top", "10", "--index", index],
                 stdin_path=corpus.queries_tsv, stdout_path=run_path, log_path=os.path.join(directory, "dmkm-search.log"))
    questions = read_questions(corpus.queries_tsv)
    ndcg = compare_report.ndcg_at_10(compare_report.read_trec_run(run_path), compare_report.read_qrels(corpus.qrels),
                                     [qid for qid, _ in questions])
    evaluation = subprocess.run([release_binary("dmkm"), "eval", "--index", index, "--queries", corpus.queries_tsv,
                                 "--qrels", corpus.qrels], capture_output=True, text=True)
    reported = None
    for line in evaluation.stdout.splitlines():
        if line.startswith("nDCG@10"):
            reported = float(line.split()[1])
    return {"ndcg10": ndcg, "ndcg10_queries": len(questions), "ndcg10_dmkm_eval": reported}


# ---------------------------------------------------------------------------------------------
# Peers


PEER_INDEX_NAMES = {"tantivy": "tantivy-index", "fts5": "fts5.sqlite"}


def run_peer(name, corpus, directory, segmented, queries, options):
    index = os.path.join(directory, PEER_INDEX_NAMES[name])
    remove_path(index)
    progress(f"{corpus.name}: {name} indexing")
    built, indexing = run_python_child(f"{name}-index", {"segmented": segmented, "index": index}, directory)
    sizes = compare_peers.tantivy_sizes(index) if name == "tantivy" else compare_peers.fts5_sizes(index)
    result = {"index_seconds": indexing.seconds, "index_cpu_seconds": indexing.cpu_seconds,
              "index_rss_mb": indexing.max_rss_mb, "sizes": sizes, "stores": STORES[name], "build": built}
    progress(f"{corpus.name}: {name} indexed in {indexing.seconds:.1f} s, {sizes['total'] / 1e6:.1f} MB; latency")
    timed, querying = run_python_child(f"{name}-latency", {"index": index, "queries": queries, "warmup": options.warmup,
                                                           "repeat": options.repeat}, directory)
    result.update(latency=compare_report.summarize(timed["latencies"], timed["hits"]), query_rss_mb=querying.max_rss_mb,
                  query_process_seconds=querying.seconds, query_cpu_seconds=querying.cpu_seconds, segments=timed["segments"])
    if corpus.qrels:
        progress(f"{corpus.name}: {name} relevance run")
        questions = [(qid, compare_text.peer_text(text).lower().split()) for qid, text in read_questions(corpus.queries_tsv)]
        ranked, _ = run_python_child(f"{name}-rank", {"index": index, "questions": questions}, directory)
        judgments = compare_report.read_qrels(corpus.qrels)
        result.update(ndcg10=compare_report.ndcg_at_10(ranked["run"], judgments, [qid for qid, _ in questions]),
                      ndcg10_queries=len(questions))
    return result


def segment_for_peers(corpus, directory, word_list):
    segmented = os.path.join(directory, "segmented.jsonl")
    progress(f"{corpus.name}: segmenting for the peers (nlpo3 newmm, {os.cpu_count()} processes)")
    stats, measured = run_python_child("segment", {"source": corpus.path, "destination": segmented,
                                                   "word_list": word_list, "workers": os.cpu_count()}, directory)
    stats.update(wall_seconds=measured.seconds, cpu_seconds=measured.cpu_seconds, max_rss_mb=measured.max_rss_mb)
    progress(f"{corpus.name}: segmented {stats['characters'] / 1e6:.1f} M characters in {stats['seconds']:.1f} s")
    return segmented, stats


# ---------------------------------------------------------------------------------------------
# One corpus, every system


def run_corpus(corpus, options, word_list):
    directory = os.path.join(options.work, corpus.name)
    os.makedirs(directory, exist_ok=True)
    started_load = load_average()
    progress(f"{corpus.name}: building the query set")
    queries = compare_queries.build_query_set(corpus.path, options.queries_per_kind, questions_tsv=corpus.queries_tsv)
    with open(os.path.join(directory, "queries.json"), "w", encoding="utf-8") as output:
        json.dump(queries, output, ensure_ascii=False, indent=0)
    query_file = os.path.join(directory, "dmkm-queries.tsv")
    compare_queries.write_dmkm_query_file(queries, query_file)
    documents = compare_queries.count_lines(corpus.path)
    result = {"name": corpus.name, "title": corpus.title, "path": corpus.path, "documents": documents,
              "bytes": os.path.getsize(corpus.path), "query_counts": dict(collections.Counter(q["kind"] for q in queries)),
              "systems": {}, "load_start": started_load}
    if "dmkm" in options.only:
        result["systems"]["dmkm"] = run_dmkm(corpus, directory, query_file, options)
    peers = [name for name in ("tantivy", "fts5") if name in options.only]
    if peers:
        segmented, result["segmentation"] = segment_for_peers(corpus, directory, word_list)
        for name in peers:
            result["systems"][name] = run_peer(name, corpus, directory, segmented, queries, options)
        if not options.keep_segmented:
            os.remove(segmented)
    result["load_end"] = load_average()
    return result


def parse_options(argv):
    parser = argparse.ArgumentParser(prog="bench/compare", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000, help="generated corpus size (default 100000)")
    parser.add_argument("--queries-per-kind", type=int, default=200, help="queries per kind (default 200)")
    parser.add_argument("--work", default=os.environ.get("DMKM_COMPARE_WORK", "/tmp/dmkm-compare"),
                        help="work directory (default $DMKM_COMPARE_WORK or /tmp/dmkm-compare)")
    parser.add_argument("--skip-build", action="store_true", help="use the existing .build/release binaries")
    parser.add_argument("--only", default=",".join(SYSTEMS), help="systems to run (default dmkm,tantivy,fts5)")
    parser.add_argument("--corpora", default="generated,english,iapp",
                        help="corpora to run: generated, english (its English-dominant documents without Thai), iapp "
                             "(default all three)")
    parser.add_argument("--shared", default=os.path.join(REPOSITORY, "..", "shared"), help="the shared data directory")
    parser.add_argument("--warmup", type=int, default=1, help="warm-up passes over the query set (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the query set (default 3)")
    parser.add_argument("--keep-segmented", action="store_true", help="keep the peers' segmented corpus")
    parser.add_argument("--child", nargs=3, metavar=("ROLE", "ARGUMENTS", "RESULT"), help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    options.only = [name.strip() for name in options.only.split(",") if name.strip()]
    unknown = set(options.only) - set(SYSTEMS)
    if unknown:
        parser.error(f"unknown systems: {', '.join(sorted(unknown))}")
    options.corpora = [name.strip() for name in options.corpora.split(",") if name.strip()]
    options.work = os.path.abspath(options.work)
    return options


SETUP_NOTES = """\
- Every system indexes the same five fields with positions: title, abstract, body, keywords,
  authors. DMKM reads the raw JSONL (`dmkm ingest`, default 256 MB RAM budget, default workers)
  and segments Thai itself; it also indexes title trigrams (part of its ranking) and the
  metadata filters (year, type, unit, ...). The peers get the
  text pre-segmented by nlpo3 newmm with PyThaiNLP's word list, punctuation dropped, words
  separated by spaces: Tantivy splits on whitespace and lowercases, FTS5 uses unicode61 with
  combining marks as token characters (its default cuts Thai words at vowel and tone marks) and
  Latin diacritics kept, so both peers index the same tokens.
- Tantivy: writer with a 256 MB heap and its default threads (one per core), one commit, merges
  waited for. FTS5: contentless table in one transaction (journal off, synchronous off), then
  'optimize' (merged into one b-tree); no prefix index.
- Querying: one thread, top 10, ids and scores (peers: internal addresses), {warmup} warm-up
  pass(es) then {repeat} timed pass(es) over the whole set. DMKM is timed in-process by `bench
  latency` (raw query text; parsing and Thai segmentation included), the peers in Python around
  parsing, search and reading the hits. Peers rank with their default BM25 (equal field weights).
  Tantivy's parser has no single-word `pre*`, so its prefix queries are phrase-prefix query
  objects (constant score); FTS5 `"pre"*` and DMKM `pre*` rank by BM25.
- Times are wall-clock seconds of each phase's own process; peak RSS is that process's ru_maxrss.
  Ratios are DMKM / peer: below 1 means DMKM is faster or smaller, except queries/s and nDCG
  (above 1 means DMKM is better).
"""


def markdown(results, options):
    systems = [name for name in SYSTEMS if name in options.only]
    lines = ["## DMKM vs Tantivy vs SQLite FTS5", "",
             f"Command: `{results['command']}`", "",
             f"Machine: {results['cores']} cores; load average (1/5/15 min) {results['load_start']} at the start, "
             f"{results['load_end']} at the end. Versions: {results['versions']}.", "",
             SETUP_NOTES.format(warmup=options.warmup, repeat=options.repeat)]
    for corpus in results["corpora"]:
        lines += compare_report.corpus_section(corpus, systems)
    return "\n".join(lines) + "\n"


def package_versions():
    from importlib.metadata import version

    versions = [f"{name} {version(name)}" for name in ("tantivy", "nlpo3", "pythainlp")]
    import sqlite3

    versions.append(f"SQLite {sqlite3.sqlite_version}")
    return ", ".join(versions)


def main(argv):
    options = parse_options(argv)
    if options.child:
        child_main(*options.child)
        return
    os.makedirs(options.work, exist_ok=True)
    results = {"command": "bench/compare " + shlex.join(argv), "cores": os.cpu_count(), "load_start": load_average(),
               "top_start": top_snapshot(), "versions": package_versions(), "corpora": []}
    progress(f"work directory {options.work}; load average {results['load_start']}")
    if not options.skip_build:
        build_dmkm(options)
    word_list = compare_text.default_word_list_path()
    compare_text.load_segmenter(word_list)
    corpora = []
    if "generated" in options.corpora or "english" in options.corpora:
        generated = generated_corpus(options)
        if "generated" in options.corpora:
            corpora.append(generated)
        if "english" in options.corpora:
            corpora.append(english_corpus(options, generated))
    if "iapp" in options.corpora:
        corpora.append(iapp_corpus(options))
    results_path = os.path.join(options.work, "results.json")
    for corpus in corpora:
        results["corpora"].append(run_corpus(corpus, options, word_list))
        with open(results_path, "w", encoding="utf-8") as output:
            json.dump(results, output, ensure_ascii=False, indent=1)
    results.update(load_end=load_average(), top_end=top_snapshot())
    with open(results_path, "w", encoding="utf-8") as output:
        json.dump(results, output, ensure_ascii=False, indent=1)
    report = markdown(results, options)
    with open(os.path.join(options.work, "results.md"), "w", encoding="utf-8") as output:
        output.write(report)
    progress(f"raw results in {results_path}")
    print(report)


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except RuntimeError as error:  # a phase failed: its command and log tail say why
        sys.exit(f"bench/compare: {error}")
