"""Seconds from `bot serve` starting to /readyz answering 200: a first start (fresh SQLite file,
empty index cache: migrates, builds every knowledge index) and a restart (cache on disk).

Usage: .venv/bin/python benchmarks/ready_time.py [--restarts 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.serving import compile_bytecode, cpu_seconds, free_port, start, stop, wait_ready  # noqa: E402


def ready_seconds(data: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the server) until /readyz answers 200."""
    port = free_port()
    env = {"DATABASE_URL": f"sqlite:///{data / 'bot.db'}", "DATA_DIR": str(data), "LOG_LEVEL": "WARNING",
           "CHANNEL": "console", "SCHEDULER_ENABLED": "false", "ENVIRONMENT": "development"}
    server = start(["-m", "bot", "serve", "--port", str(port)], env, data / "serve.log")
    try:
        wall = wait_ready(port, process=server)
        return wall, cpu_seconds(server.pid)
    finally:
        stop(server)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--restarts", type=int, default=3)
    args = parser.parse_args()
    bytecode = compile_bytecode()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        first = ready_seconds(data)
        again = [ready_seconds(data) for _ in range(args.restarts)]
    print("bot serve, start to /readyz 200 (1 worker, SQLite)")
    print(f"  first start (no index cache, fresh database): {first[0]:.2f} s wall, {first[1]:.2f} s CPU")
    print(f"  restart with the index cache: median {statistics.median(w for w, _ in again):.2f} s wall, "
          f"{statistics.median(c for _, c in again):.2f} s CPU ({args.restarts} restarts)")
    print(f"  (load average: {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores: "
          "compare CPU seconds on a busy machine)")
    print(f"  {bytecode}")


if __name__ == "__main__":
    main()
