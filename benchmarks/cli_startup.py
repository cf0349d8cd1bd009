"""`bot ask` against `bot segments`: N cold invocations of each (a new Python process every time,
as a user or a script runs them), median and mean wall time, and their ratio.

`bot ask` reads its workspace's index from the index cache (data/cache/, built by `bot serve` or the
first `bot ask`); one call with an empty cache is timed first and reported on its own.
Usage: .venv/bin/python benchmarks/cli_startup.py [--runs 10] [--workspace saas-billing]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.serving import compile_bytecode  # noqa: E402

BOT = [sys.executable, "-m", "bot"]


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one invocation: on a busy machine the CPU time is the fair one."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([*BOT, *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--workspace", default="saas-billing")
    args = parser.parse_args()
    bytecode = compile_bytecode()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATA_DIR": tmp}
        ask = ["ask", "--workspace", args.workspace, "--json", "אפשר לקבל החזר?"]
        segments = ["segments", "--json", "שלום, מגיעים לחתונה?"]
        cold_cache = timed(ask, env)  # builds and stores the index
        times: dict[str, list[tuple[float, float]]] = {"segments": [], "ask": []}
        for _ in range(args.runs):  # interleaved, so machine load hits both alike
            times["segments"].append(timed(segments, env))
            times["ask"].append(timed(ask, env))
    print(f"CLI, {args.runs} cold invocations each (new process every call)")
    medians = {}
    for name, values in times.items():
        medians[name] = (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
        print(f"  bot {name:<9} median {medians[name][0]:.3f} s wall, {medians[name][1]:.3f} s CPU")
    print(f"  ask / segments: {medians['ask'][0] / medians['segments'][0]:.2f}x wall, "
          f"{medians['ask'][1] / medians['segments'][1]:.2f}x CPU (medians)")
    print(f"  bot ask with an empty index cache (builds and stores it): {cold_cache[0]:.2f} s wall, "
          f"{cold_cache[1]:.2f} s CPU")
    print(f"  (load average: {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores: "
          "compare CPU seconds on a busy machine)")
    print(f"  {bytecode}")


if __name__ == "__main__":
    main()
