#!/usr/bin/env python3
"""Scoring and generation throughput of `assay` against llama.cpp's own llama-perplexity.

Prints, from one run on this machine:
  1. tokens/s of `assay score` (packed batches) on a JSONL of short texts,
     of the same engine one text at a time (`--seqs 1`), and of llama-perplexity
     (built from the same pinned llama.cpp source) on the same texts, as ratios;
  2. tokens/s of batched generation with 1, 4 and 8 parallel sequences (compared with
     llama-batched-bench, the engine's own limit, by bench/generation);
  3. peak memory of `assay score` on 1,000 and 10,000 texts (streaming: flat).

Usage: bench/score.py [--texts 300] [--skip-memory]   (needs ASSAY_BIN, or .build/release/assay)
"""
import argparse, json, os, random, resource, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASSAY = os.environ.get("ASSAY_BIN") or os.path.join(ROOT, ".build/release/assay")
MODEL = os.environ.get("ASSAY_MODEL") or os.path.expanduser("~/.cache/assay/models/SmolLM2-135M-Instruct.Q4_1.gguf")
PERPLEXITY = os.path.expanduser(os.environ.get("ASSAY_LLAMA_BIN", os.path.expanduser("~/.cache/assay/llama-0.3.36/build/bin")) + "/llama-perplexity")

SUBJECTS = ["The farmer", "A small robot", "My neighbour", "The committee", "Our teacher", "The old bridge",
            "A quiet student", "The river", "Every morning the baker", "The new library"]
VERBS = ["counted", "repaired", "painted", "described", "measured", "carried", "forgot", "watched", "planned", "sold"]
OBJECTS = ["seven red apples", "the broken clock", "a long letter", "the wooden fence", "three heavy boxes",
           "the evening sky", "a map of the city", "the last train", "twelve blue pencils", "the garden path"]
ENDINGS = ["before noon.", "with great care.", "for the first time.", "while it rained.", "and then went home.",
           "without a word.", "in less than an hour.", "as the sun set.", "for the whole village.", "twice."]


def make_texts(n, seed, words=None):
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        if words:
            texts.append(" ".join(rng.choice(OBJECTS).split()[:words]))
        else:
            texts.append(" ".join([rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(ENDINGS)]))
    return texts


def run(cmd, env=None):
    """Runs a command; returns (wall seconds, stdout, peak RSS in MB of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, proc.stdout, proc.stderr, max(peak, before) / 1024


def rss_of(cmd):
    """Peak RSS (MB) of one command, measured by GNU time."""
    proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    return int(proc.stderr.strip().splitlines()[-1]) / 1024


def score_tokens(stdout):
    lines = [json.loads(l) for l in stdout.splitlines() if l.strip()]
    return sum(l["n_tokens"] + 1 for l in lines), len(lines)   # + BOS, which is evaluated too


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", type=int, default=300)
    ap.add_argument("--skip-memory", action="store_true")
    args = ap.parse_args()
    for path, what in [(ASSAY, "assay binary (make build)"), (MODEL, "model (scripts/setup)"),
                       (PERPLEXITY, "llama-perplexity (scripts/setup --tools)")]:
        if not os.path.exists(path):
            sys.exit(f"missing {what}: {path}")
    tmp = tempfile.mkdtemp(prefix="assay-bench-")
    texts = make_texts(args.texts, seed=1)
    jsonl = os.path.join(tmp, "texts.jsonl")
    with open(jsonl, "w") as f:
        for i, t in enumerate(texts):
            f.write(json.dumps({"id": f"t{i}", "text": t}) + "\n")
    plain = os.path.join(tmp, "texts.txt")
    with open(plain, "w") as f:
        f.write("\n".join(texts) + "\n")
    threads = str(os.cpu_count() or 2)

    print(f"== scoring {len(texts)} short texts (model {os.path.basename(MODEL)}, {threads} threads)")
    wall, out, _, _ = run([ASSAY, "score", "--input", jsonl, "--quiet", "--threads", threads])
    tokens, n = score_tokens(out)
    packed = tokens / wall
    wall1, out1, _, _ = run([ASSAY, "score", "--input", jsonl, "--quiet", "--threads", threads, "--seqs", "1"])
    single = score_tokens(out1)[0] / wall1
    # llama-perplexity evaluates the file as one token stream in chunks of -c tokens.
    rows = []
    for label, extra in [("llama-perplexity -c 512 (flash attn auto)", []),
                         ("llama-perplexity -c 512 -fa off", ["-fa", "off"])]:
        wallp, outp, errp, _ = run([PERPLEXITY, "-m", MODEL, "-f", plain, "-c", "512", "-b", "512", "-t", threads] + extra)
        chunks = None
        for line in (errp + outp).splitlines():
            if "calculating perplexity over" in line:
                chunks = int(line.split("over")[1].split()[0])
        if chunks is None:
            sys.exit("could not read llama-perplexity's chunk count")
        rows.append((label, chunks * 512 / wallp, chunks * 512, wallp))
    print(f"{'engine':46s} {'tokens':>7s} {'seconds':>8s} {'tokens/s':>9s}")
    print(f"{'assay score (packed, 8 sequences)':46s} {tokens:7d} {wall:8.2f} {packed:9.1f}")
    print(f"{'assay score --seqs 1 (one text at a time)':46s} {tokens:7d} {wall1:8.2f} {single:9.1f}")
    for label, rate, tok, w in rows:
        print(f"{label:46s} {tok:7d} {w:8.2f} {rate:9.1f}")
    for label, rate, _, _ in rows:
        print(f"ratio assay / {label}: {packed / rate:.2f}x (target >= 0.95x)")
    print(f"ratio packed / one at a time: {packed / single:.2f}x")

    print("\n== batched generation (16 prompts, greedy, 64 new tokens each)")
    prompts = os.path.join(tmp, "prompts.jsonl")
    with open(prompts, "w") as f:
        for i, t in enumerate(make_texts(16, seed=2)):
            f.write(json.dumps({"id": f"p{i}", "prompt": "Continue the story: " + t}) + "\n")
    base = None
    for seqs in [1, 4, 8]:
        wallg, outg, _, _ = run([ASSAY, "generate-text", "--input", prompts, "--max-tokens", "64", "--quiet",
                                 "--threads", threads, "--seqs", str(seqs)])
        generated = sum(json.loads(l)["n_tokens"] for l in outg.splitlines() if l.strip())
        rate = generated / wallg
        base = base or rate
        print(f"--seqs {seqs}: {generated} tokens in {wallg:.2f}s = {rate:.1f} tokens/s ({rate / base:.2f}x of 1 sequence)")
    print("(the target is against llama.cpp's own limit, not a multiple of 1 sequence: see bench/generation)")

    if not args.skip_memory:
        print("\n== peak memory of assay score (streaming)")
        for n in [1000, 10000]:
            path = os.path.join(tmp, f"tiny-{n}.jsonl")
            with open(path, "w") as f:
                for i, t in enumerate(make_texts(n, seed=3, words=2)):
                    f.write(json.dumps({"id": f"m{i}", "text": t}) + "\n")
            mb = rss_of([ASSAY, "score", "--input", path, "--output", "-", "--quiet", "--threads", threads])
            print(f"{n:6d} texts: peak RSS {mb:.0f} MB")


if __name__ == "__main__":
    main()
