#!/usr/bin/env python3
"""Tokens/s of the likelihood part of `assay audit` vs `assay score` on the same texts.

Generates fresh items (assay generate), audits them (items, twins and their perturbations are
scored), then scores exactly the texts the audit scored (read back from DIR/signals.jsonl) with
`assay score`. Fixed costs (model load, twins, report) are measured separately and subtracted:
an audit with --resume (nothing left to score) and a score run on one short text.
Usage: bench/audit.py [ITEMS] [ROUNDS]   (default 40 items, 2 rounds; needs a release build and
the default model). Audit and score runs alternate for ROUNDS rounds and the fastest of each is
kept, so a burst of load from other users of a shared machine hits both sides alike.
"""
import json, os, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.environ.get("ASSAY_BIN", os.path.join(root, ".build/release/assay"))
count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2


def timed(args):
    start = time.monotonic()
    subprocess.run([binary] + args, check=True, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - start


with tempfile.TemporaryDirectory() as work:
    items = os.path.join(work, "items.jsonl")
    with open(items, "w") as f:
        for family in ["shopping-en", "ages-en", "percent-en", "speed-en"]:
            out = subprocess.run([binary, "generate", "--family", family, "--count", str(count // 4), "--seed", "3"],
                                 check=True, cwd=root, capture_output=True, text=True).stdout
            f.write(out)
    audit_dir = os.path.join(work, "audit")
    audit_args = ["audit", "--benchmark", items, "--out", audit_dir, "--quiet"]
    audit_times = [timed(audit_args)]   # the first run writes the texts the score runs use
    records = [json.loads(line) for line in open(os.path.join(audit_dir, "signals.jsonl"))]
    tokens = sum(r["signals"]["tokens"] for r in records)
    texts = os.path.join(work, "texts.jsonl")
    with open(texts, "w") as f:
        for r in records:
            f.write(json.dumps({"id": r["key"], "text": r["text"]}) + "\n")
    one = os.path.join(work, "one.jsonl")
    with open(one, "w") as f:
        f.write(json.dumps({"id": "1", "text": "Hello."}) + "\n")
    score_args = ["score", "--input", texts, "--output", os.path.join(work, "s.jsonl"), "--quiet"]
    score_times = [timed(score_args)]
    for _ in range(rounds - 1):
        audit_times.append(timed(audit_args))
        score_times.append(timed(score_args))
    audit_total, score_total = min(audit_times), min(score_times)
    audit_fixed = timed(audit_args + ["--resume"])
    score_fixed = timed(["score", "--input", one, "--output", os.path.join(work, "o.jsonl"), "--quiet"])

audit_rate = tokens / max(1e-9, audit_total - audit_fixed)
score_rate = tokens / max(1e-9, score_total - score_fixed)
print(f"texts {len(records)}, tokens {tokens}")
print(f"{'':24}{'assay audit':>14}{'assay score':>14}")
print(f"{'scoring tokens/s':24}{audit_rate:14.1f}{score_rate:14.1f}")
print(f"{'wall s (fixed s)':24}{audit_total:8.1f} ({audit_fixed:.1f}){score_total:8.1f} ({score_fixed:.1f})")
print(f"ratio audit / score: {audit_rate / score_rate:.2f}  (target >= 0.90)")
