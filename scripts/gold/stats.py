#!/usr/bin/env python3
"""Label counts of the gold files (for tests/gold/README.md and reports)."""
import json, os, sys
from collections import Counter

base = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "gold")
for name in ["vi-news-articles.jsonl", "flags-paragraphs.jsonl"]:
    recs = [json.loads(l) for l in open(os.path.join(base, name), encoding="utf-8")]
    people, sources, roles, src_roles = Counter(), Counter(), Counter(), Counter()
    q = Counter()
    flags = Counter()
    cats = Counter()
    for r in recs:
        ps = r.get("people") or []
        qs = r.get("quotes") or []
        cats[r["id"].split("_")[1]] += 1
        for p in ps:
            people[p["gender"]] += 1
            roles[(p["role"], p["gender"])] += 1
            if any(x["speaker"] == p["id"] for x in qs):
                sources[p["gender"]] += 1
                src_roles[(p["role"], p["gender"])] += 1
        for x in qs:
            q["direct" if x["direct"] else "indirect"] += 1
            if x["speaker"] is None:
                q["speaker null"] += 1
        for f in r.get("flags") or []:
            flags[(f["category"], f["stance"])] += 1
    print(f"== {name}: {len(recs)} records, ge_topic={sum(1 for r in recs if r.get('ge_topic'))}, "
          f"flags annotated={sum(1 for r in recs if 'flags' in r)}, with >=1 flag={sum(1 for r in recs if r.get('flags'))}")
    if name.startswith("vi-news"):
        print("   sections:", dict(cats))
        print("   people:", dict(people), " sources:", dict(sources))
        f, m = sources["female"], sources["male"]
        if f + m:
            print(f"   women share among sources of known gender: {f}/{f+m} = {100*f/(f+m):.1f}%")
        print("   quotes:", dict(q), "total", q["direct"] + q["indirect"])
        print("   sources by role/gender:", dict(sorted(src_roles.items())))
    print("   flags:", sum(flags.values()), dict(sorted(flags.items())))
