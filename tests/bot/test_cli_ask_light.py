"""`bot ask` with its KB in the index cache answers from the cached index's answering view
(knowledge.answer_index): no pydantic, no KB models, no PyYAML in the process, and the same JSON as
the first call, which found the cache empty and took the full path (parse, index, store)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ["אפשר לקבל החזר?", "how do I freeze my plan and what does annual cost?", "what's the weather in Haifa"]
# `bot ask` ends with os._exit once its output is flushed: the probe prints what was imported first.
PROBE = ("import json, os, runpy, sys\nsys.argv = ['bot', *sys.argv[1:]]\nquit_now = os._exit\n"
         "def report(code):\n"
         "    print(json.dumps(sorted(m for m in ('pydantic', 'yaml', 'knowledge.kb') if m in sys.modules)))\n"
         "    sys.stdout.flush()\n    quit_now(code)\n"
         "os._exit = report\nrunpy.run_module('bot', run_name='__main__')\n")


def _ask(data: Path, *, probe: bool) -> tuple[list[dict[str, object]], list[str] | None]:
    stdin = "".join(json.dumps(q) + "\n" for q in QUESTIONS)
    args = ["ask", "--workspace", "saas-billing", "--json", "--stdin"]
    command = [sys.executable, "-c", PROBE, *args] if probe else [sys.executable, "-m", "bot", *args]
    env = {**os.environ, "DATA_DIR": str(data)}
    env.pop("OPENAI_API_KEY", None)
    done = subprocess.run(command, cwd=ROOT, input=stdin, capture_output=True, text=True, env=env, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    modules = json.loads(lines.pop()) if probe else None
    return [json.loads(line) for line in lines], modules


def test_a_cached_ask_answers_the_same_without_pydantic_or_yaml(tmp_path: Path) -> None:
    first, _ = _ask(tmp_path, probe=False)  # empty cache: the full load builds and stores the file
    assert list((tmp_path / "cache").glob("kb.saas-billing-*.idx"))
    again, modules = _ask(tmp_path, probe=True)
    assert again == first and len(first) == len(QUESTIONS)
    assert modules == []
