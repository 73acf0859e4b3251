"""Statistics, nDCG@10 and the markdown tables of bench/compare."""

import math

SYSTEM_NAMES = {"dmkm": "DMKM", "tantivy": "Tantivy", "fts5": "SQLite FTS5"}


# ---------------------------------------------------------------------------------------------
# Latency statistics (the same definitions as `bench latency` in Swift)


def percentile(sorted_values, fraction):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * fraction))]


def summarize(latencies, hits):
    """Per kind and overall ("all"): p50/p95/p99/mean ms, queries/s of search time, mean hits."""
    rows = []
    kinds = list(latencies)
    for kind in kinds + ["all"]:
        values = sorted(latencies[kind] if kind != "all" else [v for k in kinds for v in latencies[k]])
        found = hits.get(kind, 0) if kind != "all" else sum(hits.values())
        total = sum(values)
        rows.append({
            "kind": kind, "count": len(values),
            "p50_ms": percentile(values, 0.5), "p95_ms": percentile(values, 0.95), "p99_ms": percentile(values, 0.99),
            "mean_ms": total / len(values), "qps": len(values) / (total / 1000) if total else 0.0,
            "mean_hits": found / len(values),
        })
    return rows


# ---------------------------------------------------------------------------------------------
# Relevance: one implementation for every system


def _line_fields(path):
    """The whitespace-separated fields of each line of a text file."""
    with open(path, encoding="utf-8") as source:
        for line in source:
            yield line.split()


def read_qrels(path):
    """qid → {docid: grade}, from TREC qrels lines `qid 0 docid grade`."""
    judgments = {}
    for fields in _line_fields(path):
        if len(fields) == 4:
            judgments.setdefault(fields[0], {})[fields[2]] = int(fields[3])
    return judgments


def read_trec_run(path):
    """qid → doc ids in rank order, from `qid Q0 docid rank score tag` lines."""
    ranked = {}
    for fields in _line_fields(path):
        if len(fields) >= 4:
            ranked.setdefault(fields[0], []).append((int(fields[3]), fields[2]))
    return {qid: [doc for _, doc in sorted(pairs)] for qid, pairs in ranked.items()}


def ndcg_at_10(run, judgments, query_ids):
    """Mean nDCG@10 (linear gains, log2 discounts, as trec_eval) over the judged queries with a
    relevant document; a query missing from the run scores 0."""
    total = 0.0
    counted = 0
    for qid in query_ids:
        judged = judgments.get(qid, {})
        if not any(grade > 0 for grade in judged.values()):
            continue
        counted += 1
        dcg = sum(max(judged.get(doc, 0), 0) / math.log2(rank + 2) for rank, doc in enumerate(run.get(qid, [])[:10]))
        ideal = sorted((grade for grade in judged.values() if grade > 0), reverse=True)[:10]
        idcg = sum(grade / math.log2(rank + 2) for rank, grade in enumerate(ideal))
        total += dcg / idcg if idcg else 0.0
    return total / counted if counted else 0.0


# ---------------------------------------------------------------------------------------------
# Markdown


def megabytes(value):
    return f"{value / 1e6:,.1f}" if value is not None else "–"


def number(value, digits=1):
    return f"{value:,.{digits}f}" if value is not None else "–"


def ratio(dmkm_value, peer_value, digits=2):
    if dmkm_value is None or not peer_value:
        return "–"
    return f"{dmkm_value / peer_value:.{digits}f}"


def _indexing_table(corpus, systems):
    lines = [
        "| system | Thai segmentation s | indexing s | total s | index MB | postings + dictionary MB | stored MB: what | peak RSS indexing MB | peak RSS querying MB | segments |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    segmentation = corpus.get("segmentation")
    for name in systems:
        result = corpus["systems"].get(name)
        if not result:
            continue
        seg_seconds = 0.0 if name == "dmkm" else segmentation["seconds"]
        seg_cell = "(inside indexing)" if name == "dmkm" else number(seg_seconds)
        sizes = result["sizes"]
        lines.append(
            f"| {SYSTEM_NAMES[name]} | {seg_cell} | {number(result['index_seconds'])} | {number(result['index_seconds'] + seg_seconds)} "
            f"| {megabytes(sizes['total'])} | {megabytes(sizes['postings_and_dictionary'])} | {megabytes(sizes['stored'])}: {result['stores']} "
            f"| {number(result['index_rss_mb'], 0)} | {number(result.get('query_rss_mb'), 0)} | {result.get('segments', '–')} |")
    if segmentation and len(lines) > 3:
        lines += ["", f"Peers' Thai segmentation (nlpo3 newmm, {segmentation['workers']} processes, one per core): "
                      f"{segmentation['characters'] / 1e6:,.1f} M characters in {segmentation['seconds']:,.1f} s = "
                      f"{segmentation['characters_per_second'] / 1e6:.2f} M characters/s "
                      f"({segmentation['characters_per_second'] / segmentation['workers'] / 1e6:.2f} M per process), "
                      f"peak RSS {segmentation['max_rss_mb']:,.0f} MB (largest process)."]
    return lines


def _latency_table(corpus, systems):
    lines = [
        "| query kind | queries | system | p50 ms | p95 ms | p99 ms | queries/s | mean hits | DMKM/peer p50 | DMKM/peer p99 | DMKM/peer queries/s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    dmkm_rows = {row["kind"]: row for row in corpus["systems"].get("dmkm", {}).get("latency", [])}
    kinds = [row["kind"] for row in next(iter(corpus["systems"].values()))["latency"]]
    for kind in kinds:
        for name in systems:
            result = corpus["systems"].get(name)
            if not result:
                continue
            row = next(row for row in result["latency"] if row["kind"] == kind)
            mine = dmkm_rows.get(kind)
            queries = corpus["query_counts"].get(kind, sum(corpus["query_counts"].values()))
            if name == "dmkm" or not mine:
                ratios = "| | |"
            else:
                ratios = f"{ratio(mine['p50_ms'], row['p50_ms'])} | {ratio(mine['p99_ms'], row['p99_ms'])} | {ratio(mine['qps'], row['qps'])} |"
            kind_cell = f"**{kind}**" if kind == "all" else kind
            lines.append(
                f"| {kind_cell} | {queries} | {SYSTEM_NAMES[name]} | {row['p50_ms']:.3f} | {row['p95_ms']:.3f} | {row['p99_ms']:.3f} "
                f"| {row['qps']:,.0f} | {row['mean_hits']:.1f} | {ratios}")
    return lines


def _ratio_table(corpus, systems):
    peers = [name for name in systems if name != "dmkm" and name in corpus["systems"]]
    dmkm = corpus["systems"].get("dmkm")
    if not dmkm or not peers:
        return []
    segmentation = corpus.get("segmentation") or {"seconds": 0.0}

    def overall(result, key):
        return next(row[key] for row in result["latency"] if row["kind"] == "all")

    metrics = [
        ("indexing time (peer: indexing only)", lambda r, peer: r["index_seconds"]),
        ("indexing time (peer: segmentation + indexing)",
         lambda r, peer: r["index_seconds"] + (segmentation["seconds"] if peer else 0.0)),
        ("index size, total", lambda r, peer: r["sizes"]["total"]),
        ("index size, postings + dictionary", lambda r, peer: r["sizes"]["postings_and_dictionary"]),
        ("peak RSS, indexing", lambda r, peer: r["index_rss_mb"]),
        ("peak RSS, querying", lambda r, peer: r.get("query_rss_mb")),
        ("query latency p50, all kinds", lambda r, peer: overall(r, "p50_ms")),
        ("query latency p99, all kinds", lambda r, peer: overall(r, "p99_ms")),
        ("queries/s, all kinds", lambda r, peer: overall(r, "qps")),
    ]
    if "ndcg10" in dmkm:
        metrics.append(("nDCG@10", lambda r, peer: r.get("ndcg10")))
    lines = ["| DMKM / peer | " + " | ".join(f"DMKM/{SYSTEM_NAMES[p]}" for p in peers) + " |",
             "|---|" + "---|" * len(peers)]
    for label, value in metrics:
        cells = [ratio(value(dmkm, False), value(corpus["systems"][peer], True)) for peer in peers]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def _relevance_table(corpus, systems):
    rows = [(name, corpus["systems"][name]) for name in systems if "ndcg10" in corpus["systems"].get(name, {})]
    if not rows:
        return []
    lines = ["| system | nDCG@10 | queries |", "|---|---|---|"]
    for name, result in rows:
        note = ""
        if name == "dmkm" and result.get("ndcg10_dmkm_eval") is not None:
            note = f" (`dmkm eval`: {result['ndcg10_dmkm_eval']:.4f})"
        lines.append(f"| {SYSTEM_NAMES[name]} | {result['ndcg10']:.4f}{note} | {result['ndcg10_queries']} |")
    return lines


def _cores_used(corpus, systems):
    """CPU time / wall time of each phase: about 1 for a single-threaded query process."""
    parts = []
    for name in systems:
        result = corpus["systems"].get(name)
        if result and result.get("query_process_seconds"):
            parts.append(f"{SYSTEM_NAMES[name]} indexing {result['index_cpu_seconds'] / result['index_seconds']:.2f}, "
                         f"querying {result['query_cpu_seconds'] / result['query_process_seconds']:.2f}")
    return "Cores kept busy (CPU time / wall time of the phase's process): " + "; ".join(parts) + "."


def corpus_section(corpus, systems):
    lines = [f"### {corpus['title']}", ""]
    lines += [f"{corpus['documents']:,} documents, {corpus['bytes'] / 1e6:,.1f} MB of JSONL; "
              f"load average {corpus['load_start']} at the start of this corpus, {corpus['load_end']} at the end.", ""]
    lines += ["Indexing (wall time of each system's indexing process; peers' Thai segmentation timed separately):", ""]
    lines += _indexing_table(corpus, systems) + [""]
    relevance = _relevance_table(corpus, systems)
    if relevance:
        lines += ["Relevance (the collection's questions; one nDCG function for all systems):", ""] + relevance + [""]
    lines += ["Query latency (single thread, top 10, ids + scores, after one warm-up pass; "
              "ratios < 1 mean DMKM is faster, for queries/s > 1 means DMKM is faster):", ""]
    lines += _latency_table(corpus, systems) + [""]
    lines += [_cores_used(corpus, systems), ""]
    ratios = _ratio_table(corpus, systems)
    if ratios:
        lines += ["Ratios DMKM / peer:", ""] + ratios + [""]
    return lines
