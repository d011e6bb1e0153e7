#!/usr/bin/env python3
"""Speed of `assay eval`, printed side by side with its reference, as ratios.

(a) 5-shot four-option MMLU-format multiple choice by log-likelihood: `assay eval` (choices
    and shared contexts scored together) vs `assay eval --from-scratch` (every prompt+choice
    pair in its own call, lm-evaluation-harness's way), items/s, their ratio (target >= 4x),
    and the largest difference between the two runs' log-likelihoods (target <= 1e-3).
(b) Generation-mode GSM8K format: items/s with --seqs 8 vs --seqs 1 (target >= 3x), zero-shot
    and 2-shot (longer prompts).

The items are invented here, in a temporary folder. Usage:
    bench/eval.py [--items 40] [--gsm-items 16] [--parts ab] [--bin PATH] [--model PATH]
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def mmlu_items(rng, count):
    rows = []
    for _ in range(count):
        a, b = rng.randint(11, 99), rng.randint(11, 99)
        right = a + b
        wrong = {right + d for d in (-10, -1, 1, 10, 2, -2)} - {right}
        options = [right] + rng.sample(sorted(wrong), 3)
        rng.shuffle(options)
        rows.append([f"What is {a} plus {b}?"] + [str(o) for o in options] + ["ABCD"[options.index(right)]])
    return rows


def write_csv(path, rows):
    with open(path, "w") as f:
        for row in rows:
            f.write(",".join(row) + "\n")


def gsm_items(rng, count):
    names = ["Ada", "Bilal", "Chen", "Dara", "Emil", "Fatou", "Goran", "Hana"]
    things = ["apples", "marbles", "stamps", "pencils", "shells", "cards"]
    items = []
    for _ in range(count):
        name, thing = rng.choice(names), rng.choice(things)
        a, b, c = rng.randint(3, 30), rng.randint(2, 9), rng.randint(1, 20)
        total = a * b - c
        question = f"{name} has {b} boxes of {a} {thing} each and gives away {c}. How many {thing} are left?"
        solution = f"{name} has {b} * {a} = <<{b}*{a}={a*b}>>{a*b} {thing}.\nAfter giving away {c}: {a*b} - {c} = <<{a*b}-{c}={total}>>{total}.\n#### {total}"
        items.append({"question": question, "answer": solution})
    return items


def run(binary, model, args, out):
    command = [binary, "eval", "--quiet", "--out", out] + (["--model", model] if model else []) + args
    start = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stderr}")
    with open(os.path.join(out, "predictions.jsonl")) as f:
        records = [json.loads(line) for line in f]
    return seconds, records


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--gsm-items", type=int, default=16)
    parser.add_argument("--parts", default="ab", help="which measurements: a, b or ab")
    parser.add_argument("--bin", default=os.environ.get("ASSAY_BIN", os.path.join(ROOT, ".build/release/assay")))
    parser.add_argument("--model", default=os.environ.get("ASSAY_MODEL"))
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="assay-bench-eval-") as tmp:
        if "a" in options.parts:
            multiple_choice(options, random.Random(7), tmp)
        if "b" in options.parts:
            generation(options, random.Random(11), tmp)


def multiple_choice(options, rng, tmp):
    write_csv(os.path.join(tmp, "sums_dev.csv"), mmlu_items(rng, 5))
    write_csv(os.path.join(tmp, "sums_test.csv"), mmlu_items(rng, options.items))
    mc = ["--benchmark", os.path.join(tmp, "sums_test.csv"), "--shots", "5"]
    shared_s, shared = run(options.bin, options.model, mc, os.path.join(tmp, "shared"))
    scratch_s, scratch = run(options.bin, options.model, mc + ["--from-scratch"], os.path.join(tmp, "scratch"))
    diff = max(abs(x - y) for a, b in zip(shared, scratch) for x, y in zip(a["loglikelihoods"], b["loglikelihoods"]))
    n = len(shared)
    print(f"(a) MMLU-format, 5-shot, {n} items (wall time, model load included)")
    print(f"    assay eval                 {n / shared_s:8.2f} items/s  ({shared_s:.1f} s)")
    print(f"    assay eval --from-scratch  {n / scratch_s:8.2f} items/s  ({scratch_s:.1f} s)")
    print(f"    ratio                      {scratch_s / shared_s:8.2f}x        (target >= 4x)")
    print(f"    max |delta loglikelihood|  {diff:8.2e}         (target <= 1e-3)", flush=True)


def generation(options, rng, tmp):
    gsm = os.path.join(tmp, "gsm.jsonl")
    with open(gsm, "w") as f:
        for item in gsm_items(rng, options.gsm_items):
            f.write(json.dumps(item) + "\n")
    for shots in (0, 2):
        gen = ["--benchmark", gsm, "--shots", str(shots), "--max-tokens", "64", "--chunk", str(options.gsm_items)]
        par_s, done = run(options.bin, options.model, gen + ["--seqs", "8"], os.path.join(tmp, f"seqs8-{shots}"))
        seq_s, _ = run(options.bin, options.model, gen + ["--seqs", "1"], os.path.join(tmp, f"seqs1-{shots}"))
        g = len(done)
        print(f"(b) GSM8K-format generation, {shots}-shot, {g} items, max 64 tokens")
        print(f"    --seqs 8                   {g / par_s:8.2f} items/s  ({par_s:.1f} s)")
        print(f"    --seqs 1                   {g / seq_s:8.2f} items/s  ({seq_s:.1f} s)")
        print(f"    ratio                      {seq_s / par_s:8.2f}x        (target >= 3x)", flush=True)


if __name__ == "__main__":
    main()
