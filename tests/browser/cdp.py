"""A tiny Chrome DevTools Protocol client: headless Chromium driven over one websocket, no extra libraries.

Enough to open a page, fill a form with real mouse clicks (page JavaScript can be switched off)
and read the DOM back. Events are kept so a caller can wait for `Page.loadEventFired`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

# A guest's phone set to Hebrew: the guest page follows the browser's language (Accept-Language) when the
# guest's own is not on file, and these tests are of the Hebrew page.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run", "--disable-dev-shm-usage", "--lang=he-IL", "--accept-lang=he-IL,he"]


def chromium_or_skip() -> str:
    """The chromium binary; tests skip without it, except under CI=true where they must run."""
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is not installed (CI=true: browser tests must run)")
    pytest.skip("chromium is not installed (apt-get install chromium)")


def run_chromium(binary: str, *args: str, timeout: float = 60) -> str:
    done = subprocess.run([binary, *CHROMIUM_FLAGS, *args], capture_output=True, text=True, timeout=timeout,
                          check=False)
    return done.stdout


class Page:
    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self._next = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, timeout: float = 20, **params: Any) -> dict[str, Any]:
        self._next += 1
        ident = self._next
        self.socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = json.loads(self.socket.recv(timeout=max(deadline - time.monotonic(), 0.1)))
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)
        raise TimeoutError(method)

    def wait_event(self, name: str, timeout: float = 20) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for index, event in enumerate(self.events):
                if event.get("method") == name:
                    return self.events.pop(index)
            self.events.append(json.loads(self.socket.recv(timeout=max(deadline - time.monotonic(), 0.1))))
        raise TimeoutError(name)

    def navigate(self, url: str) -> None:
        self.events.clear()
        self.send("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired")

    def node(self, selector: str) -> int:
        root = self.send("DOM.getDocument", depth=0)["root"]["nodeId"]
        return int(self.send("DOM.querySelector", nodeId=root, selector=selector)["nodeId"])

    def html(self, selector: str = "html") -> str:
        node = self.node(selector)
        return str(self.send("DOM.getOuterHTML", nodeId=node)["outerHTML"]) if node else ""

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element (works with page JavaScript disabled)."""
        node = self.node(selector)
        assert node, f"no element {selector}"
        self.send("DOM.scrollIntoViewIfNeeded", nodeId=node)
        quad = self.send("DOM.getBoxModel", nodeId=node)["model"]["content"]
        x, y = sum(quad[0::2]) / 4, sum(quad[1::2]) / 4
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def type_into(self, selector: str, text: str) -> None:
        """Focus the field, select what is there and type over it, as a person would."""
        self.click(selector)
        self.send("Input.dispatchKeyEvent", type="keyDown", key="a", code="KeyA", modifiers=2,
                  commands=["selectAll"])
        self.send("Input.dispatchKeyEvent", type="keyUp", key="a", code="KeyA", modifiers=2)
        self.send("Input.insertText", text=text)


@contextmanager
def browser_page(binary: str, profile: Path) -> Iterator[Page]:
    """Chromium with remote debugging on a free port; yields one page with JavaScript disabled."""
    process = subprocess.Popen([binary, *CHROMIUM_FLAGS, "--remote-debugging-port=0", f"--user-data-dir={profile}",
                                "--window-size=480,900", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("chromium did not open its debugging port")
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:  # noqa: S310
            targets = json.loads(response.read())
        target = next(t for t in targets if t.get("type") == "page")
        with connect(target["webSocketDebuggerUrl"], max_size=2**24, open_timeout=10) as socket:
            page = Page(socket)
            page.send("Page.enable")
            page.send("DOM.enable")
            page.send("Emulation.setScriptExecutionDisabled", value=True)
            yield page
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
