"""Codemod benchmark: ``tfcompat-migrate`` against ``tf_upgrade_v2`` and a plain libcst parse.

Everything is measured side by side in one run on the same generated trees (see gen_repo.py),
and printed as ratios, because these machines are shared and noisy:

* realistic tree (5,000 modules, ~1M lines, a few percent with targets): ``tfcompat-migrate
  --write --jobs 2`` vs ``tf_upgrade_v2 --intree --inplace`` (the peer, end to end: it imports
  TensorFlow first) vs a plain libcst parse of every ``.py`` file on 2 processes (the floor);
* dense worst case (every module full of targets): the same three, best of ``--rounds``
  interleaved rounds (default 3: the tree is small, so one slow round would decide the ratio);
* ``tfcompat-migrate --version`` wall time (target: under 0.2 s);
* peak memory of ``tfcompat-migrate --check`` on 500 vs 5,000 files (target: at most 1.5x):
  the peak of the sum of RSS over the whole process tree, sampled every 10 ms.

Usage::

    python benchmarks/bench_codemod.py            # full run (several minutes: the peer is slow)
    python benchmarks/bench_codemod.py --quick    # smaller trees, for a smoke run
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from gen_repo import generate  # noqa: E402

BIN = os.path.dirname(sys.executable)
MIGRATE = os.path.join(BIN, "tfcompat-migrate")
TF_UPGRADE = os.path.join(BIN, "tf_upgrade_v2")
ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONDONTWRITEBYTECODE": "1"}


def _timed(cmd: Sequence[str], *, ok: Sequence[int] = (0, 1)) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok:
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return elapsed


def _tree_rss(root_pid: int) -> int:
    """Sum of VmRSS (bytes) of ``root_pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            ppid = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def _peak_memory(cmd: Sequence[str]) -> int:
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.01)
    return peak


def _parse_file(path: str) -> int:
    import libcst

    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    try:
        libcst.parse_module(source)
    except libcst.ParserSyntaxError:
        return 0
    return 1


def _floor(tree: str, jobs: int) -> float:
    """Plain libcst parse of every .py file of ``tree`` on ``jobs`` processes (fresh pool)."""
    files = [
        os.path.join(d, f) for d, _, names in os.walk(tree) for f in names if f.endswith(".py")
    ]
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.map(_parse_file, files, chunksize=16)
    return time.perf_counter() - start


def _copy(src: str, dst: str) -> str:
    shutil.copytree(src, dst)
    return dst


def _compare(
    label: str, tree: str, work: str, jobs: int, files: int, rounds: int = 1
) -> dict[str, float]:
    """Best of ``rounds`` interleaved rounds (fresh copies each; the order alternates)."""
    ours_times: list[float] = []
    peer_times: list[float] = []
    for index in range(rounds):

        def run_ours(index: int = index) -> None:
            target = _copy(tree, f"{work}/{label}-ours-{index}")
            ours_times.append(
                _timed(
                    [MIGRATE, "--write", "--quiet", "--no-diff", "--jobs", str(jobs), target],
                    ok=(0, 1, 2),
                )
            )
            shutil.rmtree(target)

        def run_peer(index: int = index) -> None:
            target = _copy(tree, f"{work}/{label}-peer-{index}")
            report = f"{work}/{label}-report.txt"
            peer_times.append(
                _timed(
                    [TF_UPGRADE, "--intree", target, "--inplace", "--reportfile", report],
                    ok=(0,),
                )
            )
            shutil.rmtree(target)

        for run in (run_ours, run_peer) if index % 2 == 0 else (run_peer, run_ours):
            run()
    ours, peer = min(ours_times), min(peer_times)
    floor = _floor(tree, jobs)
    print(
        f"{label:>9}: {files} files | tfcompat-migrate {ours:7.2f}s ({files / ours:7.0f} files/s)"
        f" | tf_upgrade_v2 {peer:7.2f}s ({files / peer:6.0f} files/s)"
        f" | libcst parse floor {floor:6.2f}s"
        + (f" (best of {rounds} rounds)" if rounds > 1 else "")
    )
    print(
        f"{'':>9}  speed-up vs tf_upgrade_v2: {peer / ours:6.2f}x | "
        f"time vs parse floor: {ours / floor:5.2f}x"
    )
    return {"ours": ours, "peer": peer, "floor": floor}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="tfcompat-migrate vs tf_upgrade_v2")
    parser.add_argument("--quick", action="store_true", help="small trees (smoke run)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the generated trees")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="interleaved rounds on the dense tree, best kept (default 3; the realistic tree: 1)",
    )
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # progress in logs
    big = 1000 if args.quick else 5000
    small = big // 10
    dense = 20 if args.quick else 200
    work = tempfile.mkdtemp(prefix="bench-codemod-")
    try:
        realistic = f"{work}/realistic"
        counts = generate(realistic, files=big)
        dense_tree = f"{work}/dense"
        generate(dense_tree, files=dense, dense=True)
        small_tree = f"{work}/small"
        generate(small_tree, files=small)
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, --jobs {args.jobs}")
        print(f"realistic tree: {big} files, kinds {counts}; dense tree: {dense} files")

        version = min(_timed([MIGRATE, "--version"], ok=(0,)) for _ in range(7))
        python = min(_timed([sys.executable, "-c", "pass"], ok=(0,)) for _ in range(7))
        print(
            f"  version: tfcompat-migrate --version {version * 1000:.0f} ms "
            f"(bare python start-up {python * 1000:.0f} ms; target < 200 ms)"
        )

        real = _compare("realistic", realistic, work, args.jobs, big)
        worst = _compare("dense", dense_tree, work, args.jobs, dense, rounds=args.rounds)

        check = [MIGRATE, "--check", "--quiet", "--no-diff", "--jobs", str(args.jobs)]
        peak_small = _peak_memory([*check, small_tree])
        peak_big = _peak_memory([*check, realistic])
        print(
            f"   memory: peak RSS (process tree) {small} files {peak_small / 2**20:.0f} MiB, "
            f"{big} files {peak_big / 2**20:.0f} MiB: ratio {peak_big / peak_small:.2f}x "
            f"(target <= 1.5x)"
        )
        print("summary:")
        print(
            f"  realistic speed-up vs tf_upgrade_v2: {real['peer'] / real['ours']:.1f}x (target >= 40x)"
        )
        print(
            f"  dense speed-up vs tf_upgrade_v2:     {worst['peer'] / worst['ours']:.2f}x (target >= 1.5x)"
        )
        print(f"  --version:                           {version * 1000:.0f} ms (target < 200 ms)")
        print(
            f"  memory {big} vs {small} files:       {peak_big / peak_small:.2f}x (target <= 1.5x)"
        )
    finally:
        if args.keep:
            print(f"trees kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
