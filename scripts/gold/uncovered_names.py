#!/usr/bin/env python3
"""Second-pass check for the articles gold: list capitalised word sequences (likely
names) and honorific+Name patterns that no gold mention covers, so an annotator can
confirm each is not a person (place, organisation, byline…) or add it.

usage: uncovered_names.py [GOLD_JSONL]
"""
import json, os, re, sys
sys.path.insert(0, os.path.dirname(__file__))
from show import load_corpus

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "tests", "gold", "vi-news-articles.jsonl")
corpus = load_corpus()
HON = r"(?:ông|bà|anh|chị|cô|em|thầy|chú|cụ|bé|cháu)"
CAP = r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]\w*"
pat = re.compile(rf"\b{HON} {CAP}(?: {CAP})*|\b{CAP}(?: {CAP}){{1,3}}\b|\b{HON} [A-ZĐ]\.(?:[A-ZĐ]\.?)*")
for line in open(path, encoding="utf-8"):
    r = json.loads(line)
    src = corpus[r["source"]["id"]]
    full = src["title"] + "\n" + src["text"]
    covered = [tuple(m) for p in r["people"] for m in p["mentions"]]
    seen = set()
    for m in pat.finditer(full):
        s, e = m.span()
        if any(s < ce and cs < e for cs, ce in covered):
            continue
        t = m.group(0)
        if t in seen:
            continue
        seen.add(t)
        print(f"{r['id']}\t{s}\t{t}")
