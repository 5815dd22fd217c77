"""`mkdocs serve` picks up an edit of faq.yml without a restart."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from sitetools import copy_project


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _get(url):
            return True
        time.sleep(0.25)
    return False


@pytest.mark.slow
def test_serve_rebuilds_after_editing_faq(tmp_path):
    project = copy_project(tmp_path)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/logging-in/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{port}/"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert _wait_for(url, "Which browsers can I use?", 60), "serve never showed the page"
        faq = project / "faq.yml"
        faq.write_text(faq.read_text(encoding="utf-8").replace(
            "Which browsers can I use?", "Which web browsers work with the User Portal?"), encoding="utf-8")
        assert _wait_for(url, "Which web browsers work with the User Portal?", 60), "serve did not rebuild"
        assert "Which browsers can I use?" not in _get(url)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
