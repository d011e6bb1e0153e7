#!/usr/bin/env python3
"""Deterministic synthetic data for bench/overlap: English-like corpus text and a benchmark.

usage: overlap_data.py corpus OUT.txt MEGABYTES SEED BENCH.jsonl   (plants 1% of the items)
       overlap_data.py bench OUT.jsonl ITEMS SEED
The vocabulary is made-up words with a Zipf-like frequency; paragraphs are separated by blank
lines. Same arguments, same bytes.
"""
import json
import random
import sys

def vocabulary(seed):
    rng = random.Random(seed)
    letters = "etaoinshrdlucmfwypvbgkjqxz"
    weights = [12, 9, 8, 8, 7, 7, 6, 6, 6, 4, 4, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    words = set()
    while len(words) < 30000:
        words.add("".join(rng.choices(letters, weights, k=rng.randint(2, 10))))
    words = sorted(words)
    rng.shuffle(words)
    return words, [1.0 / (rank + 10) for rank in range(len(words))]

def sentence(rng, words, cum, length):
    picked = rng.choices(words, cum_weights=cum, k=length)
    picked[0] = picked[0].capitalize()
    if length > 8 and rng.random() < 0.5:
        picked[length // 2] += ","
    return " ".join(picked) + rng.choice([".", ".", ".", "?", "!"])

def cumulative(weights):
    total, cum = 0.0, []
    for w in weights:
        total += w
        cum.append(total)
    return cum

def bench(path, count, seed):
    words, weights = vocabulary(1)
    cum = cumulative(weights)
    rng = random.Random(seed)
    with open(path, "w") as out:
        for i in range(count):
            question = " ".join(sentence(rng, words, cum, rng.randint(8, 20)) for _ in range(rng.randint(2, 3)))
            choices = [sentence(rng, words, cum, rng.randint(3, 7)) for _ in range(4)]
            item = {"id": f"synth/{i}", "question": question, "choices": choices, "answer": "ABCD"[i % 4]}
            out.write(json.dumps(item, sort_keys=True) + "\n")

def corpus(path, megabytes, seed, bench_path):
    words, weights = vocabulary(1)
    cum = cumulative(weights)
    rng = random.Random(seed)
    with open(bench_path) as f:
        items = [json.loads(line) for line in f]
    planted = items[:: 100]
    target = megabytes * 1_000_000
    written = 0
    paragraph = 0
    with open(path, "w") as out:
        while written < target:
            sentences = [sentence(rng, words, cum, rng.randint(5, 25)) for _ in range(rng.randint(3, 12))]
            paragraph += 1
            if paragraph % 1000 == 0 and planted:
                item = planted[(paragraph // 1000) % len(planted)]
                sentences.insert(rng.randint(0, len(sentences)),
                                 item["question"] + "\n" + "\n".join(item["choices"]) + "\nAnswer: " + item["answer"])
            text = " ".join(sentences) + "\n\n"
            out.write(text)
            written += len(text)

if __name__ == "__main__":
    if sys.argv[1] == "bench":
        bench(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        corpus(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
