#!/usr/bin/env python3
"""A straightforward set-based n-gram overlap, the reference for bench/overlap.

usage: overlap_reference.py BENCH.jsonl CORPUS.txt [N]
Same normalization as `assay overlap --mode words`: lowercase, punctuation/symbols stripped
(not separating), whitespace splits words, CJK/Thai/... characters are tokens of their own;
documents are paragraphs separated by blank lines. Prints one line per item
("id matched ngrams") to stdout and the throughput to stderr.
"""
import json
import re
import sys
import time
import unicodedata

UNSEGMENTED = [(0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1100, 0x11FF), (0x1780, 0x17FF),
               (0x2E80, 0x2FDF), (0x3040, 0x30FF), (0x3130, 0x318F), (0x31F0, 0x31FF),
               (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF),
               (0xFF66, 0xFF9F), (0x20000, 0x3FFFF)]
ASCII_STRIP = str.maketrans("", "", "".join(chr(c) for c in range(128)
                                            if not chr(c).isalnum() and chr(c) not in " \t\n\r\x0b\x0c"))

def tokens(text):
    if text.isascii():
        return text.lower().translate(ASCII_STRIP).split()
    out, word = [], []
    for ch in text:
        if ch.isspace():
            if word: out.append("".join(word)); word = []
        elif unicodedata.category(ch)[0] in "PSC":
            continue
        elif any(lo <= ord(ch) <= hi for lo, hi in UNSEGMENTED):
            if word: out.append("".join(word)); word = []
            out.append(ch.lower())
        else:
            word.append(ch.lower())
    if word: out.append("".join(word))
    return out

def main():
    bench, corpus = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 13
    items = []
    with open(bench, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                item = json.loads(line)
                text = "\n".join([item["question"]] + item.get("choices", []) + [item["answer"]])
                toks = tokens(text)
                items.append((item["id"], {tuple(toks[i:i + n]) for i in range(len(toks) - n + 1)}))
    wanted = set().union(*(grams for _, grams in items))
    found = set()
    start = time.time()
    size = 0
    blank = re.compile(r"\n[ \t\r]*\n")
    with open(corpus, encoding="utf-8", errors="replace") as f:
        pending = ""
        while True:
            block = f.read(1 << 22)
            size += len(block.encode("utf-8")) if not block.isascii() else len(block)
            parts = blank.split(pending + block)
            pending = parts.pop() if block else ""
            for doc in parts:
                toks = tokens(doc)
                for i in range(len(toks) - n + 1):
                    gram = tuple(toks[i:i + n])
                    if gram in wanted:
                        found.add(gram)
            if not block:
                break
    seconds = time.time() - start
    for item_id, grams in items:
        print(item_id, len(grams & found), len(grams))
    print(f"reference: {size} bytes in {seconds:.2f}s, {size / seconds / 1e6:.2f} MB/s", file=sys.stderr)

if __name__ == "__main__":
    main()
