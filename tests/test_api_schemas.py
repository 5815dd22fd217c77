"""The files the portal reads, held to the JSON Schemas the site publishes beside them.

Every API file of a real build is validated against its published schema, resolved the way a
portal developer's validator resolves it: from the schema's address in the site, so that a
`$ref` to a schema beside it (screen.schema.json to answer.schema.json) must be published
there too. Then each schema is shown to refuse files that break the contract, so the first
test can fail.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource

from helpcentre.outputs import API_SCHEMAS, SCHEMA_DIR, api_schema_for, published_schemas

SITE = "https://help.example/"  # where a consumer fetched the schemas from; any address will do


def _published_registry(site_dir: Path) -> Registry:
    """Every schema as the built site publishes it, by its address under SITE."""
    return Registry().with_resources(
        (SITE + schema, Resource.from_contents(json.loads((site_dir / schema).read_text(encoding="utf-8"))))
        for schema in API_SCHEMAS.values())


def _validator(site_dir: Path, schema: str) -> jsonschema.Draft202012Validator:
    """A validator for the schema published at `schema` (a path in the site), formats checked."""
    return jsonschema.Draft202012Validator({"$ref": SITE + schema}, registry=_published_registry(site_dir),
                                           format_checker=jsonschema.FormatChecker())


def _api_files(site_dir: Path) -> list[str]:
    """Every JSON file the portal may read: links.json and all of api/, but the schemas."""
    files = ["links.json", *(path.relative_to(site_dir).as_posix() for path in (site_dir / "api").rglob("*.json"))]
    return sorted(path for path in files if not path.endswith(".schema.json"))


def _read(site_dir: Path, path: str) -> object:
    return json.loads((site_dir / path).read_text(encoding="utf-8"))


def test_the_schemas_are_published_once_from_the_package(site_dir):
    # One copy in the repository (helpcentre/api-schemas/); the build publishes exactly it.
    assert sorted(path.name for path in SCHEMA_DIR.glob("*.json")) == sorted(
        Path(schema).name for schema in API_SCHEMAS.values())
    for schema, text in published_schemas().items():
        assert (site_dir / schema).read_text(encoding="utf-8") == text, schema
        rules = json.loads(text)
        jsonschema.Draft202012Validator.check_schema(rules)
        assert rules["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert rules["$id"] == Path(schema).name  # relative: resolved against where it is published


def test_every_published_api_file_matches_its_schema(site_dir):
    files = _api_files(site_dir)
    unmapped = [path for path in files if api_schema_for(path) is None]
    assert unmapped == [], "API files without a published schema (add one to outputs.API_SCHEMAS)"
    validated: dict[str, list[str]] = {schema: [] for schema in API_SCHEMAS.values()}
    failures = []
    for path in files:
        schema = api_schema_for(path)
        failures += [f"{path} at {error.json_path}: {error.message}"
                     for error in _validator(site_dir, schema).iter_errors(_read(site_dir, path))]
        validated[schema].append(path)
    assert failures == []
    # Every kind of file was there to validate, and every answer the links name has its file.
    assert all(validated.values()), validated
    links = _read(site_dir, "links.json")
    answers = {ident for ident, link in links.items() if link["kind"] in ("entry", "guide", "section", "alias")}
    assert {Path(path).stem for path in validated["api/answer.schema.json"]} == answers
    screens = _read(site_dir, "api/screens.json")
    assert [s["id"] for s in screens["screens"]] == ["login", "my-claims", "payment-guarantees", "family-overview",
                                                     "upload-documents"]
    assert sorted(Path(path).stem for path in validated["api/screen.schema.json"]) == sorted(
        s["id"] for s in screens["screens"])


def test_schema_paths_are_found_for_api_files_only():
    assert api_schema_for("api/screens/my-claims.json") == "api/screen.schema.json"
    assert api_schema_for("api/answers/login-password.json") == "api/answer.schema.json"
    assert api_schema_for("api/screens.json") == "api/screens.schema.json"
    for other in ("api/screens/nested/x.json", "api/answers/Bad.json", "api/answers/x.json.gz", "search/index.json",
                  "api/screens/.json", "links.json.gz", "other/links.json"):
        assert api_schema_for(other) is None, other


def _first_answer(data: dict) -> dict:
    return data["answers"][0]


# Each: a real published file, and what breaks its contract. The mutation edits a copy.
BROKEN = {
    "answer without id": ("api/answers/login-password.json", lambda d: d.pop("id")),
    "answer with an extra field": ("api/answers/login-password.json", lambda d: d.update(url="/x/")),
    "answer whose html is not text": ("api/answers/login-password.json", lambda d: d.update(html={"p": "Hi"})),
    "answer with a blank title": ("api/answers/login-password.json", lambda d: d.update(title="  ")),
    "answer id that is no id": ("api/answers/login-password.json", lambda d: d.update(id="../login")),
    "screen without id": ("api/screens/my-claims.json", lambda d: d.pop("id")),
    "screen with an extra field": ("api/screens/my-claims.json", lambda d: d.update(layout="wide")),
    "screen whose answer's html is not text": ("api/screens/my-claims.json",
                                               lambda d: _first_answer(d).update(html=None)),
    "screen whose answer lacks its id": ("api/screens/my-claims.json", lambda d: _first_answer(d).pop("id")),
    "screen with six answers": ("api/screens/my-claims.json", lambda d: d.update(answers=[_first_answer(d)] * 6)),
    "faq entry without id": ("api/faq.json", lambda d: d["entries"][0].pop("id")),
    "faq entry with an extra field": ("api/faq.json", lambda d: d["entries"][0].update(html="<p>x</p>")),
    "faq entry whose answer_html is not text": ("api/faq.json", lambda d: d["entries"][0].update(answer_html=1)),
    "faq entry reviewed on no date": ("api/faq.json", lambda d: d["entries"][0].update(reviewed="2026-13-01")),
    "faq guide section whose html is not text": ("api/faq.json",
                                                 lambda d: d["guides"][0]["sections"][0].update(html=["x"])),
    "faq with an extra field": ("api/faq.json", lambda d: d.update(version=2)),
    "screens without the support contact": ("api/screens.json", lambda d: d.pop("support")),
    "screens whose screen has an extra field": ("api/screens.json", lambda d: d["screens"][0].update(url="/")),
    "links with an id that is no id": ("links.json", lambda d: d.update({"Login Password": d["login-password"]})),
    "links whose link lacks its url": ("links.json", lambda d: d["login-password"].pop("url")),
    "links whose link has an extra field": ("links.json", lambda d: d["login-password"].update(page="x")),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_file_breaking_the_contract_is_refused(site_dir, case):
    path, breaking = BROKEN[case]
    document = _read(site_dir, path)
    validator = _validator(site_dir, api_schema_for(path))
    assert list(validator.iter_errors(document)) == [], "the real file must pass before its broken copy is tried"
    broken = copy.deepcopy(document)
    breaking(broken)
    assert broken != document
    assert list(validator.iter_errors(broken)), f"{case}: the schema let a broken {path} through"


def test_a_retired_id_still_gives_the_panel_the_answer_its_links_lead_to(tmp_path):
    """A portal page may still name a retired id in a panel's answers="…": it gets the
    answer the id's links now lead to, as a file its schema accepts, never a 404."""
    import markdown

    from helpcentre import load_help_centre
    from helpcentre.outputs import panel_api_files
    from sitetools import copy_project

    project = copy_project(tmp_path / "project")
    faq = project / "faq.yml"
    faq.write_text(faq.read_text(encoding="utf-8").rstrip("\n")
                   + "\n\nretired:\n  - id: old-browser-help\n    target: login-password\n    reason: merged\n",
                   encoding="utf-8")
    lock = project / "links.lock"
    lock.write_text(lock.read_text(encoding="utf-8").rstrip("\n") + "\nold-browser-help\n", encoding="utf-8")
    help_centre = load_help_centre(project)
    files = dict(panel_api_files(help_centre, site_url="", to_html=markdown.markdown))
    assert "api/answers/old-browser-help.json" in files
    answer = json.loads(files["api/answers/old-browser-help.json"])
    assert answer == json.loads(files["api/answers/login-password.json"]) and answer["id"] == "login-password"
    schema = json.loads((SCHEMA_DIR / "answer.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(answer)
