#!/usr/bin/python3
"""vmoe4j `bench` and its PyTorch eager peer (tools/bench_pytorch.py) side by side, as one markdown table.

    /usr/bin/python3 tools/bench_compare.py [--models vit-6x64,mlit-xxs:128] [--pytorch-only] [--onnx]

For every model (NAME or NAME:BATCH), one after the other and never concurrently: `./vmoe4j bench --model NAME
--batch B --json` (and, for the batch-1 latency, `--batch 1` unless the first run already reports
latencyMsMedian), then `bench_pytorch.py --model NAME --batch B --json`. It prints the machine (CPU model,
cores, load average before and after), the date, and per model and phase both figures and the speed ratio
vmoe4j / PyTorch (> 1: vmoe4j is faster; for latency the ratio of PyTorch's time to vmoe4j's). With --onnx, vmoe4j's
runs are `bench --runtime djl,onnx` and the table gains a column for ONNX Runtime (forward and latency only; its
record is the bench's `runtimes.onnx`, the top-level fields being DJL's).
"""

import argparse
import datetime
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_MODELS = "vit-6x64,mvmoe-6x64,vit-12x192,mvmoe-12x192,mlit-xxs:128"
# phase -> (label, field, unit, larger is faster)
PHASES = {
    "train": ("training step", "trainImagesPerSecond", "img/s", True),
    "forward": ("forward", "forwardImagesPerSecond", "img/s", True),
    "latency": ("batch-1 latency, median", "latencyMsMedian", "ms", False),
}


def json_record(stdout, model):
    """The JSON object a bench printed for `model`: the last object (on one line or pretty-printed over several)
    that starts a line and names that model or no model. Extra fields and other lines are ignored."""
    decoder = json.JSONDecoder()
    found = None
    for start in (i for i, ch in enumerate(stdout) if ch == "{" and (i == 0 or stdout[i - 1] == "\n")):
        try:
            obj, _ = decoder.raw_decode(stdout, start)
        except ValueError:
            continue
        if isinstance(obj, dict) and obj.get("model", model) == model:
            found = obj
    return found


def run(cmd, model):
    """Runs one bench command to completion; returns its JSON record or exits with one line naming it."""
    print("running: " + " ".join(cmd), file=sys.stderr, flush=True)
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    record = json_record(proc.stdout, model) if proc.returncode == 0 else None
    if record is None:
        last = (proc.stderr.strip().splitlines() or proc.stdout.strip().splitlines() or ["no output"])[-1]
        sys.exit(f"bench_compare: `{' '.join(cmd)}` exited {proc.returncode} without a JSON record for {model}: "
                 f"{last}")
    return record


def onnx_record(record):
    """ONNX Runtime's object in a `bench --runtime djl,onnx` record (empty when absent)."""
    return (record or {}).get("runtimes", {}).get("onnx") or {}


def vmoe4j_side(model, batch, args):
    runtime = ["--runtime", "djl,onnx"] if args.onnx else []
    common = ["--iterations", str(args.iterations), "--warmup", str(args.warmup), "--json"] + runtime
    record = {}
    if args.phases & {"train", "forward"}:
        record = run([args.vmoe4j, "bench", "--model", model, "--batch", str(batch)] + common, model)
    if "latency" in args.phases and record.get("latencyMsMedian") is None:
        one = run([args.vmoe4j, "bench", "--model", model, "--batch", "1", "--iterations",
                   str(args.latency_iterations), "--warmup", str(max(args.warmup, 10)), "--json"] + runtime, model)
        median = one.get("latencyMsMedian")
        record["latencyMsMedian"] = median if median is not None else one.get("forwardMsPerBatch")
        record["latencyIsMean"] = median is None
        if args.onnx:
            record.setdefault("runtimes", {}).setdefault("onnx", {})["latencyMsMedian"] = \
                onnx_record(one).get("latencyMsMedian")
    return record


def pytorch_side(model, batch, args):
    cmd = [args.python, os.path.join(HERE, "bench_pytorch.py"), "--model", model, "--batch", str(batch),
           "--iterations", str(args.iterations), "--warmup", str(args.warmup), "--latency-iterations",
           str(args.latency_iterations), "--threads", str(args.threads), "--phases", ",".join(sorted(args.phases)),
           "--json"]
    return run(cmd, model)


def machine():
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        lines = f.read().splitlines()
    names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    return f"{names[0] if names else 'unknown CPU'}, {len(names) or os.cpu_count()} cores"


def cell(record, field, unit, extra=None):
    value = record.get(field) if record else None
    if value is None:
        return "-"
    text = f"{value:.1f} {unit}" if unit == "img/s" else f"{value:.2f} {unit}"
    return text + (f" ({extra})" if extra else "")


def ratio(ours, theirs, field, larger_is_faster):
    a, b = (ours or {}).get(field), (theirs or {}).get(field)
    if not a or not b:
        return "-"
    return f"{(a / b) if larger_is_faster else (b / a):.2f}"


def table(rows, args, load_before, load_after):
    torch_info = next((pt for _, _, _, pt in rows if pt), {})
    out = [f"Machine: {machine()}; {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}; load average "
           f"{load_before:.2f} before, {load_after:.2f} after (1 min).",
           f"vmoe4j: `./vmoe4j bench --model M --batch B --iterations {args.iterations} --warmup {args.warmup} "
           f"--json{' --runtime djl,onnx' if args.onnx else ''}`. PyTorch {torch_info.get('torchVersion', '?')} eager: `tools/bench_pytorch.py`, "
           f"{torch_info.get('threads', args.threads)} threads, BLAS {torch_info.get('blas', '?')} (sgemm "
           f"{torch_info.get('sgemmGflops', 0):.0f} GFLOP/s). Batch-1 latency: {args.latency_iterations} runs.",
           "", "| model | batch | phase | vmoe4j | PyTorch eager | speed ratio vmoe4j / PyTorch |"
           + (" vmoe4j ONNX Runtime | speed ratio ONNX Runtime / PyTorch |" if args.onnx else ""),
           "| --- | --- | --- | --- | --- | --- |" + (" --- | --- |" if args.onnx else "")]
    for model, batch, ours, theirs in rows:
        for phase in (p for p in PHASES if p in args.phases):
            label, field, unit, larger = PHASES[phase]
            mean = "mean" if ours and ours.get("latencyIsMean") and phase == "latency" else None
            p90 = theirs.get("latencyMsP90") if phase == "latency" else None
            out.append(f"| {model} | {1 if phase == 'latency' else batch} | {label} | {cell(ours, field, unit, mean)} "
                       f"| {cell(theirs, field, unit, f'p90 {p90:.2f}' if p90 else None)} "
                       f"| {ratio(ours, theirs, field, larger)} |"
                       + (f" {cell(onnx_record(ours), field, unit)} | {ratio(onnx_record(ours), theirs, field, larger)} |"
                          if args.onnx else ""))
    return "\n".join(out)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--models", default=DEFAULT_MODELS, help=f"NAME or NAME:BATCH, comma-separated ({DEFAULT_MODELS})")
    p.add_argument("--batch", type=int, default=32, help="batch of models given without one (32)")
    p.add_argument("--iterations", type=int, default=10, help="timed batches per phase (10)")
    p.add_argument("--warmup", type=int, default=3, help="untimed batches first (3)")
    p.add_argument("--latency-iterations", type=int, default=100, help="timed single images (100)")
    p.add_argument("--threads", type=int, default=2, help="PyTorch's threads (2)")
    p.add_argument("--phases", default="train,forward,latency", help="comma-separated subset of train,forward,latency")
    p.add_argument("--pytorch-only", action="store_true", help="run only the PyTorch side")
    p.add_argument("--onnx", action="store_true", help="also vmoe4j with ONNX Runtime (bench --runtime djl,onnx)")
    p.add_argument("--vmoe4j", default=os.path.join(ROOT, "vmoe4j"), help="the vmoe4j launcher (./vmoe4j)")
    p.add_argument("--python", default="/usr/bin/python3", help="python with torch for bench_pytorch.py")
    p.add_argument("--raw", metavar="FILE", help="also write every JSON record to FILE, one per line")
    args = p.parse_args(argv)
    args.phases = {x.strip() for x in args.phases.split(",") if x.strip()}
    if not args.phases or not args.phases <= set(PHASES):
        p.error(f"--phases: expected a subset of {','.join(PHASES)}, found '{','.join(sorted(args.phases))}'")
    items, args.models = args.models, []
    for item in (x.strip() for x in items.split(",") if x.strip()):
        name, _, batch = item.partition(":")
        if batch and not (batch.isdigit() and int(batch) > 0):
            p.error(f"--models: expected NAME or NAME:BATCH with a positive batch, found '{item}'")
        args.models.append((name, int(batch) if batch else args.batch))
    return args


def main(argv):
    args = parse_args(argv)
    load_before = os.getloadavg()[0]
    if load_before > 0.5 * (os.cpu_count() or 1):
        print(f"bench_compare: the machine is busy (load average {load_before:.2f} on {os.cpu_count()} cores): "
              "these timings are indicative only", file=sys.stderr)
    rows, raw = [], []
    for model, batch in args.models:
        ours = None if args.pytorch_only else vmoe4j_side(model, batch, args)
        theirs = pytorch_side(model, batch, args)
        rows.append((model, batch, ours, theirs))
        raw += [r for r in (ours, theirs) if r]
    if args.raw:
        tmp = args.raw + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r) + "\n" for r in raw)
        os.replace(tmp, args.raw)
    print(table(rows, args, load_before, os.getloadavg()[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
