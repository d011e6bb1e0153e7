"""bench/parity's work (run by the lm-eval virtual environment's python): see bench/parity."""
import csv, glob, json, os, re, subprocess, sys
from pathlib import Path

import lm_eval
import yaml

WORK = Path(sys.argv[1])
ASSAY = os.environ["ASSAY_BIN"]
TASKS = Path(lm_eval.__file__).parent / "tasks"
SAMPLES = Path("Corpora/samples")
DATA, YAMLS, ASSAY_OUT = WORK / "data", WORK / "tasks", WORK / "assay"
for folder in (DATA, YAMLS, ASSAY_OUT):
    folder.mkdir(parents=True, exist_ok=True)


def write_jsonl(name, rows):
    path = DATA / name
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return str(path)


def read_jsonl(path):
    return [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]


# The bundled samples in the layout lm-eval's task files read (Hugging Face datasets).
def hellaswag():
    rows = []
    for row in read_jsonl(SAMPLES / "hellaswag/val.jsonl"):
        if "ctx_a" not in row:  # the sample's ctx-only rows: all of it is ctx_a
            row = dict(row, ctx_a=row["ctx"], ctx_b="")
        rows.append(dict(row, label=str(row["label"])))
    return write_jsonl("hellaswag.jsonl", rows)


def arc():
    rows = []
    for row in read_jsonl(SAMPLES / "arc/ARC-Sample-Test.jsonl"):
        choices = row["question"]["choices"]
        rows.append({"id": row["id"], "question": row["question"]["stem"], "answerKey": row["answerKey"],
                     "choices": {"text": [c["text"] for c in choices], "label": [c["label"] for c in choices]}})
    return write_jsonl("arc.jsonl", rows)


def mmlu(sample, subject, split):
    """The sample subject's CSV under a real MMLU subject's name (so lm-eval's own task file
    gives the description), as the upstream CSV for Assay and as JSONL for lm-eval."""
    (DATA / "mmlu").mkdir(exist_ok=True)
    source = SAMPLES / f"mmlu/{sample}_{split}.csv"
    (DATA / f"mmlu/{subject}_{split}.csv").write_bytes(source.read_bytes())
    with open(source, newline="") as f:
        rows = [{"question": r[0], "subject": subject, "choices": r[1:5], "answer": "ABCD".index(r[5])} for r in csv.reader(f)]
    return write_jsonl(f"mmlu_{subject}_{split}.jsonl", rows)


def gsm8k_train():
    """A training split of 30 rows (the sample's 6, each 5 times with the question varied):
    more than 21, so CPython's `sample` takes its set-based branch, as on the real 7,473 rows."""
    rows = read_jsonl(SAMPLES / "gsm8k/test.jsonl")
    return write_jsonl("gsm8k_train.jsonl", [dict(row, question=f"{row['question']} (practice {k})") for k in range(5) for row in rows])


def truthfulqa():
    def targets(mapping):
        return {"choices": list(mapping), "labels": [int(v) for v in mapping.values()]}
    rows = [{"question": q["question"], "mc1_targets": targets(q["mc1_targets"]), "mc2_targets": targets(q["mc2_targets"])}
            for q in json.loads((SAMPLES / "truthfulqa/mc_task.json").read_text())]
    return write_jsonl("truthfulqa.jsonl", rows)


def bbh(task):
    rows = json.loads((SAMPLES / f"bbh/{task}.json").read_text())["examples"]
    return write_jsonl(f"bbh_{task}.jsonl", [{"input": r["input"], "target": r["target"]} for r in rows])


def task_file(path):
    """A task YAML with its includes resolved (files with !function tags are not read)."""
    config = yaml.safe_load(Path(path).read_text())
    if "include" in config:
        base = task_file(Path(path).parent / config.pop("include"))
        base.update(config)
        config = base
    return config


# The exemplars lm-eval's task files hold, as Assay reads them: canonical JSONL for gsm8k_cot,
# a cot-prompts text file for BBH.
def gsm8k_cot_exemplars():
    samples = task_file(TASKS / "gsm8k/gsm8k-cot.yaml")["fewshot_config"]["samples"]
    rows = [{"id": f"cot/{i}", "question": s["question"], "solution": s["target"],
             "answer": re.search(r"The answer is (.*)\.$", s["target"]).group(1)} for i, s in enumerate(samples)]
    return write_jsonl("gsm8k_cot_exemplars.jsonl", rows)


def bbh_cot_prompts(task):
    config = task_file(TASKS / f"bbh/cot_fewshot/{task}.yaml")
    blocks = [config["description"].rstrip("\n")]
    blocks += [f"Q: {s['input']}\nA: Let's think step by step.\n{s['target']}" for s in config["fewshot_config"]["samples"]]
    path = DATA / f"{task}.txt"
    path.write_text("\n\n".join(blocks) + "\n")
    return str(path)


def task(name, include, files, **override):
    config = {"task": name, "include": str(TASKS / include), "dataset_path": "json", "dataset_name": None,
              "dataset_kwargs": {"data_files": files}, "training_split": None, "validation_split": None, "test_split": None}
    for split in files:
        config[{"test": "test_split", "validation": "validation_split", "train": "training_split", "dev": "fewshot_split"}[split]] = split
    config.update(override)
    (YAMLS / f"{name}.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    return name


gsm8k_test, train = str(SAMPLES / "gsm8k/test.jsonl"), gsm8k_train()
# (lm-eval task, Assay protocol, Assay's benchmark as bundled, Assay's extra arguments)
PARITY = [
    (task("parity_hellaswag", "hellaswag/hellaswag.yaml", {"validation": hellaswag()}),
     "hellaswag", SAMPLES / "hellaswag/val.jsonl", []),
    (task("parity_arc_easy", "arc/arc_easy.yaml", {"test": arc()}), "arc_easy", SAMPLES / "arc/ARC-Sample-Test.jsonl", []),
    (task("parity_arc_challenge", "arc/arc_challenge.yaml", {"test": arc()}), "arc_challenge", SAMPLES / "arc/ARC-Sample-Test.jsonl", []),
    (task("parity_truthfulqa_mc1", "truthfulqa/truthfulqa_mc1.yaml", {"validation": truthfulqa()}),
     "truthfulqa_mc1", SAMPLES / "truthfulqa/mc_task.json", []),
    (task("parity_truthfulqa_mc2", "truthfulqa/truthfulqa_mc2.yaml", {"validation": truthfulqa()}),
     "truthfulqa_mc2", SAMPLES / "truthfulqa/mc_task.json", []),
    (task("parity_gsm8k", "gsm8k/gsm8k.yaml", {"test": gsm8k_test, "train": train}),
     "gsm8k", SAMPLES / "gsm8k/test.jsonl", ["--fewshot", train]),
    (task("parity_gsm8k_cot", "gsm8k/gsm8k-cot.yaml", {"test": gsm8k_test}),
     "gsm8k_cot", SAMPLES / "gsm8k/test.jsonl", ["--fewshot", gsm8k_cot_exemplars()]),
    (task("parity_bbh_cot_fewshot_boolean_expressions", "bbh/cot_fewshot/boolean_expressions.yaml", {"test": bbh("boolean_expressions")}),
     "bbh_cot_fewshot_boolean_expressions", SAMPLES / "bbh/boolean_expressions.json", ["--fewshot", bbh_cot_prompts("boolean_expressions")]),
]
for sample, subject in [("elementary_arithmetic", "elementary_mathematics"), ("world_geography", "high_school_geography")]:
    PARITY.append((task(f"parity_mmlu_{subject}", f"mmlu/default/mmlu_{subject}.yaml",
                        {"test": mmlu(sample, subject, "test"), "dev": mmlu(sample, subject, "dev")}, num_fewshot=5),
                   "mmlu", DATA / f"mmlu/{subject}_test.csv", []))

names = [entry[0] for entry in PARITY]
run = subprocess.run([str(Path(sys.executable).parent / "lm_eval"), "--model", "dummy", "--tasks", ",".join(names),
                      "--include_path", str(YAMLS), "--log_samples", "--output_path", str(WORK / "lm-eval")],
                     capture_output=True, text=True)
if run.returncode != 0:
    sys.exit(f"lm_eval failed:\n{run.stderr[-4000:]}")


def harness_requests(name):
    [path] = glob.glob(str(WORK / f"lm-eval/**/samples_{name}_[0-9]*.jsonl"), recursive=True)
    requests = []
    # One line per document and filter (GSM8K's strict-match and flexible-extract): each document once.
    samples = {sample["doc_id"]: sample for sample in read_jsonl(path)}
    for sample in (samples[doc_id] for doc_id in sorted(samples)):
        arguments = [sample["arguments"][key] for key in sorted(sample["arguments"], key=lambda k: int(k.split("_")[-1]))]
        for argument in arguments:
            if isinstance(argument["arg_1"], dict):
                kwargs = argument["arg_1"]
                requests.append(("generate", argument["arg_0"], tuple(kwargs.get("until", [])), kwargs.get("max_gen_toks", 256)))
            else:
                requests.append(("loglikelihood", argument["arg_0"], argument["arg_1"]))
    return requests


def assay_requests(name, protocol, benchmark, extra):
    out = ASSAY_OUT / name
    subprocess.run([ASSAY, "eval", "--benchmark", str(benchmark), "--protocol", protocol, "--dry-run", "--quiet",
                    "--out", str(out)] + extra, check=True, capture_output=True)
    requests = []
    for request in read_jsonl(out / "requests.jsonl"):
        if request["mode"] == "loglikelihood":
            requests += [("loglikelihood", request["context"], c) for c in request["continuations"]]
        else:
            requests.append(("generate", request["context"], tuple(request["until"]), request["max_tokens"]))
    return requests


print(f"{'lm-eval task':<45} {'assay --protocol':<38} {'requests':>8} {'differ':>7}")
total_differ = 0
for name, protocol, benchmark, extra in PARITY:
    theirs, ours = harness_requests(name), assay_requests(name, protocol, benchmark, extra)
    differ = sum(1 for a, b in zip(theirs, ours) if a != b) + abs(len(theirs) - len(ours))
    total_differ += differ
    print(f"{name.removeprefix('parity_'):<45} {protocol:<38} {len(theirs):>8} {differ:>7}")
    for a, b in zip(theirs, ours):
        if a != b:
            print(f"  first difference:\n    lm-eval: {a!r}\n    assay:   {b!r}")
            break
sys.exit(1 if total_differ else 0)
