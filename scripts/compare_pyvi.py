#!/usr/bin/env python3
"""Side-by-side word segmentation: pyvi vs chisogioi, same sentences, one run.

Usage:
  pip install pyvi
  cargo build --release
  python3 scripts/compare_pyvi.py [--conllu ../shared/data/ud-vi-vtb/vi_vtb-ud-dev.conllu]
                                  [--bin target/release/chisogioi] [--model PATH]

Raw input per sentence = the FORMs joined by single spaces (gold-format.md).
Prints word P/R/F1 and syllables/second for both tools, and the speed ratio.
pyvi is timed in-process (model already loaded) by CPU time and wall time;
chisogioi by its own `eval segment` measurement (in-process, one thread: CPU
time and wall time) and by the wall time of `chisogioi tokenize` on the same
text as a file (includes process start-up and model load). CPU time is the fair
"one core" figure on a shared, busy machine; both are printed.
"""
import argparse, json, os, subprocess, sys, tempfile, time


def read_conllu(path):
    sents, forms = [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            if forms:
                sents.append(forms)
            forms = []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) > 1 and cols[0].isdigit():
            forms.append(cols[1])
    if forms:
        sents.append(forms)
    return sents


def spans(words):
    """Word spans over the non-space characters of a sentence."""
    out, pos = set(), 0
    for w in words:
        n = len(w.replace(" ", ""))
        if n:
            out.add((pos, pos + n))
        pos += n
    return out


def prf(gold, pred):
    g = sum(len(s) for s in gold)
    p = sum(len(s) for s in pred)
    c = sum(len(a & b) for a, b in zip(gold, pred))
    P, R = c / p, c / g
    return P, R, 2 * P * R / (P + R)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    shared = os.environ.get("CHISOGIOI_SHARED") or next(
        (p for p in [os.path.join(repo, "..", "shared"), "/work/shared"] if os.path.isdir(p)), None)
    ap = argparse.ArgumentParser()
    ap.add_argument("--conllu", default=os.path.join(shared or ".", "data/ud-vi-vtb/vi_vtb-ud-dev.conllu"))
    ap.add_argument("--bin", default=os.path.join(repo, "target/release/chisogioi"))
    ap.add_argument("--model", default=None)
    a = ap.parse_args()

    sents = read_conllu(a.conllu)
    raws = [" ".join(f) for f in sents]
    syllables = sum(len(r.split(" ")) for r in raws)
    gold = [spans(f) for f in sents]

    from pyvi import ViTokenizer
    ViTokenizer.tokenize("khởi động")  # load the model before timing
    t0, c0 = time.perf_counter(), time.process_time()
    out = [ViTokenizer.tokenize(r) for r in raws]
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    pyvi_rate, pyvi_wall = syllables / dc, syllables / dt
    pred = [spans([w.replace("_", " ") for w in o.split(" ")]) for o in out]
    P, R, F = prf(gold, pred)
    print(f"sentences {len(raws)}  syllables {syllables}")
    print(f"pyvi       P {P:.4f} R {R:.4f} F1 {F:.4f}  {pyvi_rate:12,.0f} syllables/s CPU time, "
          f"{pyvi_wall:,.0f} wall")

    cmd = [a.bin, "eval", "segment", "--conllu", a.conllu, "--format", "json"]
    if a.model:
        cmd += ["--model", a.model]
    r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    print(f"chisogioi  P {r['precision']:.4f} R {r['recall']:.4f} F1 {r['f1']:.4f}  "
          f"{r['syllables_per_sec']:12,.0f} syllables/s CPU time full pipeline, "
          f"{r['segment_syllables_per_sec']:,.0f} segmentation only, {r['wall_syllables_per_sec']:,.0f} wall")

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("\n".join(raws) + "\n")
        tmp = f.name
    t0 = time.perf_counter()
    subprocess.run([a.bin, "tokenize", tmp], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    os.unlink(tmp)
    print(f"chisogioi tokenize (process wall time incl. start-up): {syllables / wall:12,.0f} syllables/s")
    print(f"speed-up vs pyvi (CPU time): {r['syllables_per_sec'] / pyvi_rate:.0f}x full pipeline, "
          f"{r['segment_syllables_per_sec'] / pyvi_rate:.0f}x segmentation only")
    print(f"speed-up vs pyvi (wall time): {r['wall_syllables_per_sec'] / pyvi_wall:.0f}x full pipeline, "
          f"{syllables / wall / pyvi_wall:.0f}x CLI incl. start-up")


if __name__ == "__main__":
    sys.exit(main())
