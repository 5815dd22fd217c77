"""`mkdocs serve` picks up an edit of faq.yml without a restart."""
from __future__ import annotations

import time

import pytest

from sitetools import copy_project, fetch_text as _get, free_port, mkdocs_serving, wait_for_text as _wait_for


def _wait_for_log(log, text: str, seconds: float) -> str:
    """Wait until the server's log says `text`, then a moment more; return the log."""
    deadline = time.monotonic() + seconds
    while text not in log.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, f"serve never printed {text!r}:\n" + log.read_text(encoding="utf-8")
        time.sleep(0.25)
    time.sleep(1)  # let the refused rebuild finish before the page is fetched
    return log.read_text(encoding="utf-8")


def test_serve_rebuilds_after_editing_faq(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    url = f"http://127.0.0.1:{port}/logging-in/"
    with mkdocs_serving(project, port, tmp_path / "serve.log"):
        assert _wait_for(url, "Which browsers can I use?", 60), "serve never showed the page"
        faq = project / "faq.yml"
        faq.write_text(faq.read_text(encoding="utf-8").replace(
            "Which browsers can I use?", "Which web browsers work with the User Portal?"), encoding="utf-8")
        assert _wait_for(url, "Which web browsers work with the User Portal?", 60), "serve did not rebuild"
        assert "Which browsers can I use?" not in _get(url)


@pytest.mark.slow
def test_serve_survives_a_bad_edit_and_keeps_the_last_good_site(tmp_path):
    project = copy_project(tmp_path / "project")
    log = tmp_path / "serve.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}/logging-in/"
    with mkdocs_serving(project, port, log) as server:
        assert _wait_for(url, "Which browsers can I use?", 60), "serve never showed the page"
        faq = project / "faq.yml"
        good = faq.read_text(encoding="utf-8")
        faq.write_text(good.replace("question: Which browsers", "questoin: Which browsers"), encoding="utf-8")

        output = _wait_for_log(log, "did you mean 'question'?", 60)
        assert "faq.yml:" in output and "entry 'supported-browsers', field 'questoin'" in output
        assert "Traceback" not in output, output
        assert server.poll() is None, "serve stopped"
        assert "Which browsers can I use?" in _get(url), "the last good site is no longer served"

        faq.write_text(good.replace("Which browsers can I use?", "Which browsers work?"), encoding="utf-8")
        assert _wait_for(url, "Which browsers work?", 60), "serve did not recover after the fix"
        assert "Traceback" not in log.read_text(encoding="utf-8")

        # A bad link in a hand-written page: reported, and the home page stays as it was.
        home = project / "docs" / "index.md"
        home_text = home.read_text(encoding="utf-8")
        home.write_text(home_text.replace("(id:payment-guarantees)", "(id:payment-guarantee)"), encoding="utf-8")
        _wait_for_log(log, "'(id:payment-guarantee)' points to an id that does not exist", 60)
        assert "claims-and-family/#payment-guarantees" in _get(f"http://127.0.0.1:{port}/")
        assert "Traceback" not in log.read_text(encoding="utf-8")
        assert server.poll() is None
