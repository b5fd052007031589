#!/usr/bin/python3
"""PyTorch eager peer of `vmoe4j bench` (issue 14): the same presets, phases and settings.

Run with Debian's python (torch 1.13), from anywhere:

    /usr/bin/python3 tools/bench_pytorch.py --models vit-6x64,mlit-xxs --batch 32 [--json]
    /usr/bin/python3 tools/bench_pytorch.py --self-check

Phases (each after --warmup untimed iterations):
  train    forward, loss (cross-entropy + MoE losses, + 0.3 router CE for Mobile V-MoE), backward and a
           torch.optim.AdamW step, in training mode (dropout, gating noise); mean time per batch
  forward  inference (eval mode, torch.inference_mode) at --batch; mean time per batch
  latency  inference on one image; median and 90th percentile of --latency-iterations single runs

Settings: float32 on the CPU, torch.set_num_threads(--threads), random normal input, fixed seed. Before torch
is loaded the script re-executes itself once with OMP_WAIT_POLICY=PASSIVE, the same GLIBC_TUNABLES as the
./vmoe4j launcher (keep large tensors on the heap) and, when Debian's OpenMP build of OpenBLAS is installed,
that build first on LD_LIBRARY_PATH (its threads are torch's OpenMP threads, so --threads governs the matrix
products too). Variables already set in the environment are kept. The BLAS library actually loaded and its
sgemm GFLOP/s are reported with the results.
"""

import os
import sys

VMOE4J_MALLOC = ("glibc.malloc.mmap_threshold=17179869184:glibc.malloc.trim_threshold=17179869184:"
                 "glibc.malloc.top_pad=268435456")
OPENBLAS_OPENMP = "/usr/lib/x86_64-linux-gnu/openblas-openmp"


def _reexec_with_environment():
    """OMP_WAIT_POLICY, GLIBC_TUNABLES and LD_LIBRARY_PATH only act when set before the process (or libgomp)
    starts: set the missing ones and start again, once."""
    if os.environ.get("BENCH_PYTORCH_ENV") == "1":
        return
    env = dict(os.environ, BENCH_PYTORCH_ENV="1")
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    env.setdefault("GLIBC_TUNABLES", VMOE4J_MALLOC)
    library_path = env.get("LD_LIBRARY_PATH", "")
    if os.path.isdir(OPENBLAS_OPENMP) and "blas" not in library_path:
        env["LD_LIBRARY_PATH"] = OPENBLAS_OPENMP + (":" + library_path if library_path else "")
    os.execve(sys.executable, [sys.executable] + sys.argv, env)


if __name__ == "__main__":
    _reexec_with_environment()

# pylint: disable=wrong-import-position
import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_models  # noqa: E402

PHASES = ("train", "forward", "latency")


def blas_library():
    """The libblas.so.3 this process has loaded (torch calls sgemm through it; from /proc/self/maps), or
    'unknown'. Debian's reference BLAS lives in .../blas/, OpenBLAS's builds in .../openblas-*/."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = sorted({line.split()[-1] for line in maps if "/libblas.so.3" in line})
    except OSError:
        return "unknown"
    return paths[0] if paths else "unknown"


def sgemm_gflops(n=1024, reps=10):
    """Best-of-3 GFLOP/s of an n x n float32 matrix product with the current threads."""
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(2):
        torch.mm(a, b)
    best = math.inf
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(reps):
            torch.mm(a, b)
        best = min(best, (time.perf_counter() - start) / reps)
    return 2 * n ** 3 / best / 1e9


def timed(step, warmup, iterations):
    """Runs step() warmup times untimed, then iterations times; returns the seconds of each timed run."""
    for _ in range(warmup):
        step()
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return times


def optimizer(model):
    """AdamW with weight decay 0.05 on matrices only (not biases, norms, position embeddings, tokens)."""
    decay = [p for n, p in model.named_parameters()
             if p.dim() > 1 and not n.endswith(("pos_embed", "_token"))]
    ids = {id(p) for p in decay}
    keep = [p for p in model.parameters() if id(p) not in ids]
    return torch.optim.AdamW([{"params": decay, "weight_decay": 0.05}, {"params": keep, "weight_decay": 0.0}],
                             lr=1e-6, foreach=False)  # torch 1.13's CPU foreach kernels loop per tensor: no faster


def bench_model(name, batch, args):
    """Measures the requested phases of one preset; returns the JSON record."""
    torch.manual_seed(0)
    spec = bench_models.PRESETS[name]
    model = bench_models.build(name)
    images = torch.randn(batch, spec.chans, spec.img, spec.img)
    labels = torch.randint(0, spec.classes, (batch,))
    routed = isinstance(spec, bench_models.VitSpec) and spec.experts > 0
    super_labels = torch.randint(0, spec.experts if routed else 1, (batch,))  # random super-classes
    record = {"model": name, "batch": batch, "threads": torch.get_num_threads(), "runtime": "pytorch",
              "iterations": args.iterations, "warmup": args.warmup,
              "trainImagesPerSecond": None, "trainMsPerBatch": None,
              "forwardImagesPerSecond": None, "forwardMsPerBatch": None,
              "latencyMsMedian": None, "latencyMsP90": None, "latencyIterations": None,
              "parameters": sum(p.numel() for p in model.parameters())}
    if "train" in args.phases:
        model.train()
        opt = optimizer(model)

        def train_step():
            opt.zero_grad(set_to_none=True)
            model.loss(images, labels, super_labels).backward()
            opt.step()
        seconds = sum(timed(train_step, args.warmup, args.iterations))
        record["trainImagesPerSecond"] = batch * args.iterations / seconds
        record["trainMsPerBatch"] = 1000 * seconds / args.iterations
        del opt
    model.eval()
    with torch.inference_mode():
        if "forward" in args.phases:
            seconds = sum(timed(lambda: model(images), args.warmup, args.iterations))
            record["forwardImagesPerSecond"] = batch * args.iterations / seconds
            record["forwardMsPerBatch"] = 1000 * seconds / args.iterations
        if "latency" in args.phases:
            one = images[:1].clone()
            times = sorted(timed(lambda: model(one), max(args.warmup, 10), args.latency_iterations))
            record["latencyMsMedian"] = 1000 * statistics.median(times)
            record["latencyMsP90"] = 1000 * times[math.ceil(0.9 * len(times)) - 1]  # nearest rank
            record["latencyIterations"] = len(times)
    return record


def _fmt(value, digits=1):
    return "-" if value is None else f"{value:.{digits}f}"


def print_table(records, machine):
    print(f"PyTorch {machine['torchVersion']} eager, {machine['threads']} threads, BLAS {machine['blas']} "
          f"(sgemm {machine['sgemmGflops']:.0f} GFLOP/s)")
    print(f"{'model':<14} {'batch':>5} {'train img/s':>12} {'train ms':>9} {'fwd img/s':>10} {'fwd ms':>8} "
          f"{'b1 median ms':>13} {'b1 p90 ms':>10}")
    for r in records:
        print(f"{r['model']:<14} {r['batch']:>5} {_fmt(r['trainImagesPerSecond']):>12} "
              f"{_fmt(r['trainMsPerBatch'], 2):>9} {_fmt(r['forwardImagesPerSecond']):>10} "
              f"{_fmt(r['forwardMsPerBatch'], 2):>8} {_fmt(r['latencyMsMedian'], 3):>13} "
              f"{_fmt(r['latencyMsP90'], 3):>10}")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", "--models", dest="models", default="mlit-xxs",
                   help="preset name(s), comma-separated: " + ", ".join(bench_models.PRESETS))
    p.add_argument("--batch", type=int, default=32, help="images per batch for train and forward (32)")
    p.add_argument("--iterations", type=int, default=10, help="timed batches per phase (10)")
    p.add_argument("--warmup", type=int, default=3, help="untimed batches first (3; at least 10 for latency)")
    p.add_argument("--latency-iterations", type=int, default=100, help="timed single images (100)")
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (2)")
    p.add_argument("--phases", default="train,forward,latency", help="comma-separated subset of " + ",".join(PHASES))
    p.add_argument("--json", action="store_true", help="print one JSON object per model")
    p.add_argument("--self-check", action="store_true",
                   help="compare the fast models with tools/make_golden.py's reference, then exit")
    args = p.parse_args(argv)
    args.models = [m.strip() for m in args.models.split(",") if m.strip()]
    args.phases = {ph.strip() for ph in args.phases.split(",") if ph.strip()}
    for m in args.models:
        if m not in bench_models.PRESETS:
            p.error(f"--model: unknown preset '{m}'; known: {', '.join(bench_models.PRESETS)}")
    if not args.phases <= set(PHASES):
        p.error(f"--phases: expected a subset of {','.join(PHASES)}, found {','.join(sorted(args.phases))}")
    if min(args.batch, args.iterations, args.latency_iterations, args.threads) < 1 or args.warmup < 0:
        p.error("--batch, --iterations, --latency-iterations and --threads must be at least 1, --warmup at least 0")
    return args


def main(argv):
    args = parse_args(argv)
    if args.self_check:
        import bench_selfcheck  # noqa: E402  (needs tools/make_golden.py beside this script)
        for case, err in bench_selfcheck.self_check().items():
            print(f"self-check {case}: outputs, loss and gradients agree with make_golden.py "
                  f"(worst relative difference {err:.1e})")
        return 0
    torch.set_num_threads(args.threads)
    machine = {"torchVersion": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_library(),
               "sgemmGflops": sgemm_gflops(), "ompWaitPolicy": os.environ.get("OMP_WAIT_POLICY")}
    if "openblas" not in machine["blas"]:
        print(f"bench_pytorch: torch uses {machine['blas']} (sgemm {machine['sgemmGflops']:.0f} GFLOP/s), not OpenBLAS: "
              "install libopenblas0-openmp for comparable numbers", file=sys.stderr)
    records = []
    for name in args.models:
        record = bench_model(name, args.batch, args)
        record.update(machine)
        records.append(record)
        if args.json:
            print(json.dumps(record), flush=True)
    if not args.json:
        print_table(records, machine)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
