"""The GitHub workflows: who may write, what may cancel what, and when main is published;
and the comment script, which never blanks a pull request's report."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import yaml

from sitetools import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def _load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_deploys_have_their_own_group_and_are_never_cancelled():
    build = _load("help-centre.yml")
    assert "concurrency" not in build, "a workflow-wide group lets a pull request's event cancel a deploy"
    deploy = build["jobs"]["deploy"]
    assert deploy["concurrency"] == {"group": "pages-deploy", "cancel-in-progress": False}
    groups = [job["concurrency"]["group"] for name, job in build["jobs"].items()
              if "concurrency" in job and name != "deploy"]
    groups += [job["concurrency"]["group"] for job in _load("help-centre-publish.yml")["jobs"].values()]
    assert "pages-deploy" not in groups and len(groups) == len(set(groups))


def test_main_is_published_by_hand_and_every_night():
    build = _load("help-centre.yml")
    assert "workflow_dispatch" in build["on"] and build["on"]["schedule"][0]["cron"]
    condition = build["jobs"]["deploy"]["if"]
    assert "refs/heads/main" in condition and "'push'" not in condition  # dispatch and schedule deploy too


def test_no_job_that_runs_a_pull_requests_code_can_write():
    build = _load("help-centre.yml")
    assert build["permissions"] == {"contents": "read"}
    for name, job in build["jobs"].items():
        permissions = job.get("permissions", {})
        writes = [scope for scope, level in permissions.items() if level == "write"]
        if name == "deploy":
            assert "pull_request" not in job["if"].replace("!= 'pull_request'", ""), job["if"]
            continue
        assert not writes, f"job {name} runs on pull requests and may write {writes}"


def test_the_writing_workflow_runs_mains_code_and_only_moves_the_artifact():
    publish = _load("help-centre-publish.yml")
    assert list(publish["on"]) == ["workflow_run"]  # runs as the file is on the default branch
    job = publish["jobs"]["preview"]
    assert job["permissions"]["contents"] == "write"
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@") and "default_branch" in checkout["with"]["ref"]
    scripts = " ".join(step.get("run", "") for step in job["steps"])
    for forbidden in ("pip", "python", "make", "helpcentre", "npm"):
        assert forbidden not in scripts, f"the writing job runs {forbidden}"
    assert "[[ \"$number\" =~ ^[0-9]+$ ]]" in scripts  # the number from the artifact is checked


FAKE_GH = r"""#!/usr/bin/env bash
printf '%s\0' "$@" >> "$CALLS"; printf '\n' >> "$CALLS"
case "$*" in
  *"--paginate"*) [ -n "${EXISTING_ID:-}" ] && echo "$EXISTING_ID" ;;
  *"--jq .body"*) printf '%s' "$EXISTING_BODY" ;;
esac
exit 0
"""


def _comment(tmp_path: Path, report: str | None, *, existing: str = "") -> list[list[str]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    calls = tmp_path / "calls"
    calls.write_text("", encoding="utf-8")
    file = tmp_path / "changes.md"
    if report is not None:
        file.write_text(report, encoding="utf-8")
    elif file.exists():
        file.unlink()
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "CALLS": str(calls),
           "GITHUB_REPOSITORY": "primora/help", "GH_TOKEN": "x", "EXISTING_ID": "55" if existing else "",
           "EXISTING_BODY": existing}
    subprocess.run(["bash", str(ROOT / ".ci" / "comment"), "7", str(file), "https://run.example/1"], check=True,
                   env=env, capture_output=True, text=True)
    return [line.split("\0") for line in calls.read_text(encoding="utf-8").split("\0\n") if line]


def _body(call: list[str]) -> str:
    return next(arg[len("body="):] for arg in call if arg.startswith("body="))


def test_a_report_replaces_the_earlier_one(tmp_path):
    calls = _comment(tmp_path, "## What customers will see change\n\nNothing.\n",
                     existing="<!-- help-centre-changes -->\nold")
    patch = [c for c in calls if "PATCH" in c]
    assert len(patch) == 1 and "issues/comments/55" in " ".join(patch[0])
    assert _body(patch[0]) == "<!-- help-centre-changes -->\n## What customers will see change\n\nNothing."


def test_an_empty_or_missing_report_never_blanks_the_comment(tmp_path):
    old = "<!-- help-centre-changes -->\n## What customers will see change\n\n- the earlier report"
    for report in ("", None, "  \n"):
        calls = _comment(tmp_path, report, existing=old)
        body = _body(next(c for c in calls if "PATCH" in c))
        assert body.startswith(old) and "could not be made for the latest push: see https://run.example/1" in body
    calls = _comment(tmp_path, None)  # no comment yet: a note, never an empty comment
    body = _body(next(c for c in calls if "POST" in c))
    assert body.startswith("<!-- help-centre-changes -->\nThe change report could not be made")


def test_a_report_too_long_for_a_comment_is_cut_with_a_pointer(tmp_path):
    calls = _comment(tmp_path, "x" * 70000)
    body = _body(next(c for c in calls if "POST" in c))
    assert len(body) < 65536 and body.endswith("the whole of it is in the run's summary: https://run.example/1.")
    assert json.dumps(body)  # one string
