#!/usr/bin/env python3
"""Print a vi-news article (title + "\\n" + text) with character offsets per line,
for annotators. Reads the shared corpus; never writes article text anywhere.

usage: show.py ARTICLE_ID [ARTICLE_ID...]
"""
import json, os, sys

def shared_dir():
    for c in [os.environ.get("CHISOGIOI_SHARED"),
              os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared"),
              "/work/shared"]:
        if c and os.path.isdir(os.path.join(c, "data", "vi-news")):
            return c
    sys.exit("shared folder not found: set CHISOGIOI_SHARED")

def load_corpus():
    path = os.path.join(shared_dir(), "data", "vi-news", "dantri_unc.jsonl")
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            out[r["id"]] = r
    return out

if __name__ == "__main__":
    corpus = load_corpus()
    for aid in sys.argv[1:]:
        r = corpus[aid]
        full = r["title"] + "\n" + r["text"]
        print(f"=== {aid} [{r['category']}] {r['url']}")
        pos = 0
        for i, line in enumerate(full.split("\n")):
            print(f"[{pos}] {line}")
            pos += len(line) + 1
