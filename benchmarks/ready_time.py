"""Seconds from `bot serve` starting to /readyz answering 200: a first start (fresh SQLite file,
empty index cache: migrates, builds every knowledge index) and a restart (cache on disk).

Usage: .venv/bin/python benchmarks/ready_time.py [--restarts 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.serving import free_port, start, stop, wait_ready  # noqa: E402


def ready_seconds(data: Path) -> float:
    port = free_port()
    env = {"DATABASE_URL": f"sqlite:///{data / 'bot.db'}", "DATA_DIR": str(data), "LOG_LEVEL": "WARNING",
           "CHANNEL": "console", "SCHEDULER_ENABLED": "true", "ENVIRONMENT": "development"}
    server = start(["-m", "bot", "serve", "--port", str(port)], env, data / "serve.log")
    try:
        return wait_ready(port, process=server)
    finally:
        stop(server)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--restarts", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        first = ready_seconds(data)
        again = [ready_seconds(data) for _ in range(args.restarts)]
    print("bot serve, start to /readyz 200 (1 worker, SQLite, scheduler in process)")
    print(f"  first start (no index cache, fresh database): {first:.2f} s")
    print(f"  restart with the index cache: median {statistics.median(again):.2f} s of {args.restarts}")


if __name__ == "__main__":
    main()
