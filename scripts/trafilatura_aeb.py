#!/usr/bin/env python3
"""Run Python trafilatura on an article-extraction-benchmark folder and score it exactly as
`chisogioi eval extract` does (lower-cased word tokens, 4-token shingles, per-page
precision/recall/F1 averaged; empty prediction vs non-empty truth scores 0). Only the
extraction call is timed, as in the Rust command.

  python3 scripts/trafilatura_aeb.py DIR [--fast]
"""
import gzip
import json
import os
import re
import sys
import time
import unicodedata

import trafilatura

TOKEN = re.compile(r"[^\W_]+")


def shingles(text):
    toks = TOKEN.findall(unicodedata.normalize("NFC", text.lower()))
    if not toks:
        return set()
    if len(toks) < 4:
        return {tuple(toks)}
    return {tuple(toks[i:i + 4]) for i in range(len(toks) - 3)}


def prf(pred, truth):
    p, t = shingles(pred), shingles(truth)
    if not p and not t:
        return 1.0, 1.0, 1.0
    if not p or not t:
        return 0.0, 0.0, 0.0
    tp = len(p & t)
    if tp == 0:
        return 0.0, 0.0, 0.0
    pr, rc = tp / len(p), tp / len(t)
    return pr, rc, 2 * pr * rc / (pr + rc)


def main():
    d = sys.argv[1]
    fast = "--fast" in sys.argv
    with open(os.path.join(d, "ground-truth.json"), encoding="utf-8") as f:
        gt = json.load(f)
    scores, elapsed = [], 0.0
    for pid in sorted(gt):
        with gzip.open(os.path.join(d, "html", pid + ".html.gz"), "rb") as f:
            raw = f.read()
        t0 = time.perf_counter()
        text = trafilatura.extract(raw, url=gt[pid].get("url"), include_comments=False,
                                   include_tables=True, fast=fast) or ""
        elapsed += time.perf_counter() - t0
        scores.append(prf(text, gt[pid]["articleBody"]))
    n = max(len(scores), 1)
    print(json.dumps({
        "extractor": "python-trafilatura " + trafilatura.__version__ + (" (fast)" if fast else ""),
        "pages": len(scores),
        "precision": sum(s[0] for s in scores) / n,
        "recall": sum(s[1] for s in scores) / n,
        "f1": sum(s[2] for s in scores) / n,
        "pages_per_sec": len(scores) / max(elapsed, 1e-9),
    }))


if __name__ == "__main__":
    main()
