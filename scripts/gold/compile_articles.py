#!/usr/bin/env python3
"""Compile human annotation sheets (*.ann) into gold JSONL with character offsets.

The sheets quote short snippets of the article to locate spans, so they contain
article text and are kept OUTSIDE the repository (default /tmp/goldwork/ann).
Only the compiled labels (offsets, ids, hash) go into tests/gold/.

Sheet format (one article per file, '#' starts a comment line):
    id news_education_185
    ge false                      # ge_topic
    flags none                    # flags annotated, none found (omit line = not annotated)
    flag CAT STANCE: snippet[@n]  # a flag; snippet must be unique unless @n (1-based)
    person p1 female citizen | Canonical Name | form ; form ; ...
    drop p1: 3,5                  # drop mention occurrences #3 and #5 of p1 (after review)
    add p1: snippet[@n]           # add one explicit mention; "ctx [[target]] ctx" spans only target
    quote p1 d: start snippet ... end snippet[@n]   # d = direct, i = indirect, speaker '-' = null
Every whole-word occurrence of each name form is a mention; an immediately preceding
honorific (ông, bà, anh, chị, cô, em, thầy, chú, cụ, bé, cháu, cậu) is included in the span.
Occurrences inside a longer form's occurrence are merged into it.

usage: compile_articles.py [--ann DIR] [--out FILE] [--review]
"""
import argparse, glob, hashlib, json, os, re, sys
sys.path.insert(0, os.path.dirname(__file__))
from show import load_corpus

HONORIFICS = {"ông", "bà", "anh", "chị", "cô", "em", "thầy", "chú", "cụ", "bé", "cháu", "cậu"}
WORD = re.compile(r"\w", re.UNICODE)

def word_occurrences(text, form):
    out, start = [], 0
    while True:
        i = text.find(form, start)
        if i < 0:
            return out
        j = i + len(form)
        before = text[i - 1] if i > 0 else " "
        after = text[j] if j < len(text) else " "
        if not WORD.match(before) and not WORD.match(after):
            out.append((i, j))
        start = i + 1

def locate(text, snippet, what):
    # "context [[target]] context": locate the whole snippet, return only the target
    if "[[" in snippet and "]]" in snippet:
        pre, rest = snippet.split("[[", 1)
        target, post = rest.split("]]", 1)
        m = re.match(r"^(.*?)(@\d+)?$", post, re.S)
        s, e = locate(text, pre + target + m.group(1) + (m.group(2) or ""), what)
        return [s + len(pre), s + len(pre) + len(target)]
    m = re.match(r"^(.*?)(?:@(\d+))?$", snippet.strip(), re.S)
    snip, nth = m.group(1), m.group(2)
    if " ... " in snip:
        a, b = snip.split(" ... ", 1)
    else:
        a, b = snip, None
    occ = []
    s = 0
    while True:
        i = text.find(a, s)
        if i < 0:
            break
        occ.append(i)
        s = i + 1
    if not occ:
        raise SystemExit(f"{what}: start snippet not found: {a!r}")
    if nth is None and len(occ) > 1:
        raise SystemExit(f"{what}: snippet {a!r} occurs {len(occ)} times; add @n")
    i = occ[int(nth) - 1 if nth else 0]
    if b is None:
        return [i, i + len(a)]
    k = text.find(b, i + len(a))
    if k < 0:
        raise SystemExit(f"{what}: end snippet not found after start: {b!r}")
    return [i, k + len(b)]

def full_prefix(text, i):
    return text[max(0, i - 6):i]

def extend_honorific(text, s, e):
    m = re.search(r"(\w+) $", text[max(0, s - 8):s])
    if m and m.group(1).lower() in HONORIFICS:
        hs = s - len(m.group(1)) - 1
        # "quý bà", "quý ông", "quý cô" are part of a title ("Hoa hậu quý bà X")
        if re.search(r"(?i)\bquý $", full_prefix(text, hs)):
            return s, e
        return hs, e
    return s, e

def compile_sheet(path, corpus):
    rec = {"people": [], "quotes": []}
    persons, drops, adds = {}, {}, {}
    quotes, flags = [], None
    aid = None
    for ln, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path}:{ln}"
        key, _, rest = line.strip().partition(" ")
        if key == "id":
            aid = rest.strip()
        elif key == "ge":
            rec["ge_topic"] = {"true": True, "false": False}[rest.strip()]
        elif key == "flags" and rest.strip() == "none":
            flags = []
        elif key == "flag":
            head, _, snip = rest.partition(":")
            cat, stance = head.split()
            flags = flags or []
            flags.append((cat, stance, snip.strip(), where))
        elif key == "person":
            head, name, forms = [x.strip() for x in rest.split("|")]
            pid, gender, role = head.split()
            assert gender in ("female", "male", "unknown"), where
            assert role in ("expert", "official", "citizen", "subject", "other"), where
            persons[pid] = (name, gender, role, [f.strip() for f in forms.split(";") if f.strip()], where)
        elif key == "drop":
            pid, _, nums = rest.partition(":")
            drops[pid.strip()] = {int(x) for x in nums.split(",")}
        elif key == "add":
            pid, _, snip = rest.partition(":")
            adds.setdefault(pid.strip(), []).append((snip.strip(), where))
        elif key == "quote":
            head, _, snip = rest.partition(":")
            spk, kind = head.split()
            assert kind in ("d", "i"), where
            quotes.append((None if spk == "-" else spk, kind == "d", snip.strip(), where))
        else:
            raise SystemExit(f"{where}: unknown line")
    r = corpus[aid]
    full = r["title"] + "\n" + r["text"]
    out = {"id": aid, "outlet": "Dân Trí",
           "source": {"corpus": "vi-news", "id": aid,
                      "sha256": hashlib.sha256(full.encode("utf-8")).hexdigest()}}
    # all form occurrences across persons, longest first so nested ones merge
    cands = []
    for pid, (name, g, role, forms, where) in persons.items():
        for f in forms:
            for s, e in word_occurrences(full, f):
                cands.append((e - s, s, e, pid))
    cands.sort(key=lambda c: (-c[0], c[1]))
    taken = []
    per = {pid: [] for pid in persons}
    for _, s, e, pid in cands:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        per[pid].append(extend_honorific(full, s, e))
    people = []
    for pid, (name, g, role, forms, where) in persons.items():
        ms = sorted(per[pid])
        ms = [m for n, m in enumerate(ms, 1) if n not in drops.get(pid, set())]
        for snip, w in adds.get(pid, []):
            ms.append(tuple(locate(full, snip, w)))
        ms = sorted(set(ms))
        if not ms:
            raise SystemExit(f"{where}: person {pid} has no mentions")
        people.append({"id": pid, "name": name, "gender": g, "role": role,
                       "mentions": [list(m) for m in ms]})
    out["people"] = people
    out["quotes"] = []
    for spk, direct, snip, w in quotes:
        if spk is not None and spk not in persons:
            raise SystemExit(f"{w}: unknown speaker {spk}")
        out["quotes"].append({"span": locate(full, snip, w), "speaker": spk, "direct": direct})
    out["quotes"].sort(key=lambda q: q["span"])
    if flags is not None:
        out["flags"] = [{"span": locate(full, s, w), "category": c, "stance": st}
                        for c, st, s, w in flags]
    if "ge_topic" in rec:
        out["ge_topic"] = rec["ge_topic"]
    return out, full

def review(out, full):
    ctx = lambda s, e: (full[max(0, s - 25):s] + "⟦" + full[s:e] + "⟧" + full[e:e + 20]).replace("\n", "⏎")
    print(f"##### {out['id']}  ge={out.get('ge_topic')}")
    for p in out["people"]:
        print(f"  {p['id']} {p['name']} [{p['gender']}, {p['role']}] {len(p['mentions'])} mentions")
        for n, (s, e) in enumerate(p["mentions"], 1):
            print(f"     {n:2d} {s}-{e} {ctx(s, e)}")
    for q in out["quotes"]:
        s, e = q["span"]
        t = full[s:e].replace("\n", "⏎")
        print(f"  Q {q['speaker']} {'D' if q['direct'] else 'I'} {s}-{e}: «{t[:90]}{' … ' + t[-60:] if len(t) > 150 else t[90:150]}»  ⟨{full[max(0,s-3):s]}|{full[e:e+25]}⟩".replace("\n", "⏎"))
    for f in out.get("flags", []):
        s, e = f["span"]
        print(f"  F {f['category']} {f['stance']} {ctx(s, e)}")

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--ann", default="/tmp/goldwork/ann")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "..", "tests", "gold", "vi-news-articles.jsonl"))
    ap.add_argument("--review", nargs="*", help="print spans for these ids (all if empty)")
    a = ap.parse_args()
    corpus = load_corpus()
    recs = []
    for path in sorted(glob.glob(os.path.join(a.ann, "*.ann"))):
        out, full = compile_sheet(path, corpus)
        recs.append(out)
        if a.review is not None and (not a.review or out["id"] in a.review):
            review(out, full)
    recs.sort(key=lambda r: r["id"])
    with open(a.out, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(recs)} records to {a.out}", file=sys.stderr)
