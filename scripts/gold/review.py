#!/usr/bin/env python3
"""Print every gold span (mentions, quotes, flags) in context next to its label, reading
the labels from a gold JSONL and the text from the shared corpus (or inline text).
This is the check to run after editing offsets by hand.

usage: review.py [GOLD_JSONL] [ID ...]
"""
import hashlib, json, os, sys
sys.path.insert(0, os.path.dirname(__file__))
from show import load_corpus
from compile_articles import review

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "tests", "gold", "vi-news-articles.jsonl")
ids = set(sys.argv[2:])
corpus = None
for line in open(path, encoding="utf-8"):
    r = json.loads(line)
    if ids and r["id"] not in ids:
        continue
    if "source" in r:
        corpus = corpus or load_corpus()
        src = corpus[r["source"]["id"]]
        full = src["title"] + "\n" + src["text"]
        assert hashlib.sha256(full.encode()).hexdigest() == r["source"]["sha256"], r["id"]
    else:
        full = r["title"] + "\n" + r["text"]
    r.setdefault("people", [])
    r.setdefault("quotes", [])
    review(r, full)
