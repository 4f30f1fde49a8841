#!/usr/bin/env python3
"""Full scoring vs pyvi's segmentation alone, same article text, one run (issue #3 "Speed").

Usage:
  pip install pyvi
  cargo build --release
  python3 scripts/compare_pyvi_score.py [--jsonl ../shared/data/vi-news/dantri_unc.jsonl]
                                        [--articles 300] [--bin target/release/chisogioi]

Takes the first N articles of the JSONL file, and on exactly their text (title + body):
- pyvi: `ViTokenizer.tokenize` on every line, in-process, model loaded before timing;
- chisogioi: `score --jsonl` on the same N records, one thread (RAYON_NUM_THREADS=1),
  output discarded; timed by the child's CPU time, so it *includes* process start-up,
  lexicon loading and JSON in/out (conservative for chisogioi).
CPU time is the fair "one core" figure on a shared, busy machine; wall time is printed too.
Throughput is in MB (10^6 bytes) of article text (title + body, UTF-8).
"""
import argparse, json, os, resource, subprocess, sys, tempfile, time


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    shared = os.environ.get("CHISOGIOI_SHARED") or next(
        (p for p in [os.path.join(repo, "..", "shared"), "/work/shared"] if os.path.isdir(p)), None)
    ap = argparse.ArgumentParser()
    ap.add_argument("--jsonl", default=os.path.join(shared or ".", "data/vi-news/dantri_unc.jsonl"))
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--bin", default=os.path.join(repo, "target/release/chisogioi"))
    a = ap.parse_args()

    lines = []
    with open(a.jsonl, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                lines.append(line)
            if len(lines) >= a.articles:
                break
    recs = [json.loads(l) for l in lines]
    texts = [r.get("title", "") + "\n" + r.get("text", "") for r in recs]
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    paras = [p for t in texts for p in t.split("\n") if p.strip()]
    syllables = sum(len(p.split()) for p in paras)
    print(f"articles {len(recs)}  article text {nbytes / 1e6:.2f} MB  ~{syllables:,} syllables")

    from pyvi import ViTokenizer
    ViTokenizer.tokenize("khởi động")  # load the model before timing
    t0, c0 = time.perf_counter(), time.process_time()
    for p in paras:
        ViTokenizer.tokenize(p)
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    print(f"pyvi segmentation only : {nbytes / dc / 1e6:8.3f} MB/s CPU  ({dc:.2f} s)  "
          f"{nbytes / dt / 1e6:.3f} MB/s wall")

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        f.writelines(lines)
        tmp = f.name
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([a.bin, "score", "--jsonl", tmp, "--format", "jsonl"], check=True,
                   stdout=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    os.unlink(tmp)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"chisogioi full scoring : {nbytes / cpu / 1e6:8.3f} MB/s CPU  ({cpu:.2f} s, incl. start-up "
          f"and lexicon load)  {nbytes / wall / 1e6:.3f} MB/s wall")
    print(f"speed-up, full scoring vs pyvi segmentation alone: {dc / cpu:.1f}x CPU time, "
          f"{dt / wall:.1f}x wall time")


if __name__ == "__main__":
    sys.exit(main())
