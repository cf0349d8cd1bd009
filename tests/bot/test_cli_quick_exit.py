"""`bot ask` as a program ends without tearing its objects down (bot.cli.main.exit_without_teardown):
everything it printed must still arrive, and a failing call keeps its exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _bot(args: list[str], data: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, env={**os.environ, "DATA_DIR": str(data)}, timeout=120, check=False)


def test_every_answer_arrives_and_errors_keep_their_code(tmp_path: Path) -> None:
    questions = [f"how long is the free trial? ({n})" for n in range(40)]
    done = _bot(["ask", "--workspace", "saas-billing", "--json", "--stdin"], tmp_path,
                "".join(json.dumps(q) + "\n" for q in questions))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == len(questions) and all(row["workspace"] == "saas-billing" for row in rows)
    unknown = _bot(["ask", "--workspace", "no-such-workspace", "hi"], tmp_path)
    assert unknown.returncode == 2 and "unknown workspace" in unknown.stderr
