"""`bot ask` against `bot segments`: N cold invocations of each (a new Python process every time,
as a user or a script runs them), median and mean wall time, and their ratio.

`bot ask` reads its workspace's index from the index cache (data/cache/, built by `bot serve` or the
first `bot ask`); one call with an empty cache is timed first and reported on its own.
Usage: .venv/bin/python benchmarks/cli_startup.py [--runs 10] [--workspace saas-billing]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOT = [sys.executable, "-m", "bot"]


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([*BOT, *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--workspace", default="saas-billing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATA_DIR": tmp}
        ask = ["ask", "--workspace", args.workspace, "--json", "אפשר לקבל החזר?"]
        segments = ["segments", "--json", "שלום, מגיעים לחתונה?"]
        cold_cache = timed(ask, env)  # builds and stores the index
        times: dict[str, list[float]] = {"segments": [], "ask": []}
        for _ in range(args.runs):  # interleaved, so machine load hits both alike
            times["segments"].append(timed(segments, env))
            times["ask"].append(timed(ask, env))
    print(f"CLI, {args.runs} cold invocations each (new process every call)")
    for name, values in times.items():
        print(f"  bot {name:<9} median {statistics.median(values):.3f} s   mean {statistics.mean(values):.3f} s")
    ratio = statistics.median(times["ask"]) / statistics.median(times["segments"])
    print(f"  ask / segments: {ratio:.2f}x (medians)")
    print(f"  bot ask with an empty index cache (builds and stores it): {cold_cache:.2f} s")


if __name__ == "__main__":
    main()
