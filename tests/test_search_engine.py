"""The help centre's own search: text rules, the index files, the query side, and the
browser's worker agreeing with Python on every word and every query."""
from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import random
import sys
import time
from pathlib import Path

import pytest

from helpcentre import searchindex
from helpcentre.searchindex import (SHARD_BYTES, SearchDocument, _shards, build_search_index, concept_phrases,
                                    find_concepts, lead_sentence, search_documents)
from helpcentre.searchquery import SearchEngine, edit_distance
from helpcentre.searchtext import fold, index_words, is_stop_word, stem, stems, surface_words

sys.path.insert(0, str(Path(__file__).parent / "search"))

from quality import HELD_OUT, TUNING, load_queries  # noqa: E402

# -- text rules ---------------------------------------------------------------------------


@pytest.mark.parametrize("words", [
    ("upload", "uploads", "uploading", "uploaded", "uploade", "uploader"),
    ("henvisning", "henvisningen", "henvisninger", "henvisningerne"),
    ("browser", "browsers", "browsere", "browse", "browsing"),
    ("save", "saved", "saving", "saves"),
    ("gem", "gemme", "gemmer"),
    ("family", "families", "familie", "familien"),
    ("adgangskode", "adgangskoden"),
    ("guarantee", "guarantees", "guaranteed"),
    ("log", "logs", "logged", "logging"),
    ("dokument", "dokumenter", "dokumentet", "dokumenterne"),
])
def test_inflections_in_english_and_danish_share_a_stem(words):
    assert len({stem(word) for word in words}) == 1, {word: stem(word) for word in words}


def test_words_are_folded_and_joined_as_customers_type_them():
    assert fold("Røntgen ÆBLE Åbningstider café") == "rontgen aeble abningstider cafe"
    assert surface_words("Can't save X-ray e-mail sundhed.dk") == ["cant", "save", "xray", "email", "sundhed", "dk"]
    assert list(index_words("case-specific consent")) == ["casespecific", "case", "specific", "consent"]
    assert "70206121" in index_words("Call 70 20 61 21, press 1")
    assert is_stop_word("the") and is_stop_word("ikke") and is_stop_word("x") and not is_stop_word("7")
    assert not is_stop_word("password") and not is_stop_word("help")


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("recieved", "received", 2) == 1
    assert edit_distance("pasword", "password", 2) == 1
    assert edit_distance("refferal", "referral", 2) == 2
    assert edit_distance("abc", "xyz", 1) == 2  # over the limit: limit + 1


# -- concepts -----------------------------------------------------------------------------


def test_concept_phrases_allow_gaps_and_the_longest_reading_wins():
    phrases = concept_phrases({"cannot save": ("can't save", "not … save"), "save": ("gem",)})
    found = find_concepts(stems("it will not let me save my case"), phrases)
    assert [(a, b, token) for a, b, token in found] == [(2, 5, "~cannot-save")]
    assert find_concepts(stems("save it"), phrases) == [(0, 0, "~save")]
    assert find_concepts(stems("not one two three four five save"), phrases) == [(6, 6, "~save")]
    assert find_concepts(stems("can't save"), phrases) == [(0, 1, "~cannot-save")]


# -- the index ----------------------------------------------------------------------------


def test_only_answers_are_indexed_each_with_its_first_sentence(help_centre):
    documents = list(search_documents(help_centre, bodies={}, to_html=lambda text: text))
    answers = [e.id for e in help_centre.entries]
    for guide in help_centre.guides:
        answers += [guide.id, *(section.id for section in guide.sections)]
    assert [d.id for d in documents] == answers
    by_id = {d.id: d for d in documents}
    assert by_id["payment-guarantees"].lead == "Log in to your User Portal."
    assert by_id["medical-record-find"].lead == "Log in with MitID on sundhed.dk."  # the note is passed over
    assert by_id["contact-it-support"].lead == "Call IT support on 70 20 61 21."
    assert by_id["save-referral-pdf"].guide == "Find a referral on sundhed.dk"
    assert all(d.url.endswith("#" + d.id) for d in documents)


def test_first_sentence_of_an_answer_with_only_steps(help_centre):
    from helpcentre import Renderer
    from helpcentre.model import Body

    renderer = Renderer(help_centre)
    assert lead_sentence(renderer, Body(steps=("Click [[My Claims]]. Then wait.",))) == "Click My Claims."
    assert lead_sentence(renderer, Body(answer="!!! note\n    Boxed.\n\nPlain *text* here. More.")) == "Plain text here."


def test_score_files_split_only_when_the_help_centre_grows():
    small = {f"word{i}": [i, 100] for i in range(50)}
    assert _shards(list(small), list(small.values()))[0] == 0
    rng = random.Random(3)
    large = {"".join(rng.choice("abcdefghij") for _ in range(6)): [1, 50] * 400 for _ in range(400)}
    length, shards = _shards(list(large), list(large.values()))
    assert length >= 2
    assert sum(len(terms) for terms in shards.values()) == len(large)


def test_search_files_are_small_up_front_and_named_by_their_content(site_dir):
    search = site_dir / "search"
    stub = json.loads((search / "search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == [] and (search / "search_index.json").stat().st_size < 1024
    manifest = search / stub["config"]["hc"]
    digest = hashlib.sha256(manifest.read_bytes()).hexdigest()[:10]
    assert manifest.name.split(".")[-2] == digest
    # Vocabulary and score files share one hash, of all their content, and while the help
    # centre is this small the stub names every one of them: one file of each.
    words, scores = stub["config"]["hcWords"], stub["config"]["hcScores"]
    assert words["key"] == scores["key"] == 0 and words["keys"] == scores["keys"] == [""]
    assert [path.name for path in (manifest.parent / "v").glob("*.json")] == [f"all.{words['version']}.json"]
    assert [path.name for path in (manifest.parent / "t").glob("*.json")] == [f"all.{scores['version']}.json"]
    # While this small, every answer's row is in one file, under the hash the manifest gives.
    data = json.loads(manifest.read_text(encoding="utf-8"))
    rows = list((manifest.parent / "d").glob("*.json"))
    assert [path.name for path in rows] == [f"0.{data['rows']}.json"] and data["rowsPerFile"] == data["documents"]
    everything = json.loads(rows[0].read_text(encoding="utf-8"))
    assert len(everything) == data["documents"]
    assert everything[0][:2] == ["login-password", "logging-in/#login-password"]
    assert len(gzip.compress(rows[0].read_bytes())) < 6 * 1024


def test_rows_are_one_file_per_answer_once_together_they_are_large(split_files):
    config = json.loads(split_files["search/search_index.json"])["config"]
    manifest = json.loads(split_files["search/" + config["hc"]])
    assert manifest["rowsPerFile"] == 1
    rows = sorted((path for path in split_files if "/hc/d/" in path), key=lambda path: int(path.split("/")[-1].split(".")[0]))
    assert rows == [f"search/hc/d/{n}.{manifest['rows']}.json" for n in range(manifest["documents"])]
    assert json.loads(split_files[rows[0]])[0][:2] == ["login-password", "logging-in/#login-password"]
    assert max(len(split_files[path]) for path in rows) < 1024


def test_the_score_files_hash_changes_with_any_score_and_only_then():
    def version(body: str) -> str:
        documents = [SearchDocument("a", "a/#a", "Upload a file", "", "entry", fields={"title": "Upload a file",
                                                                                      "body": body}),
                     SearchDocument("b", "b/#b", "Log in", "", "entry", fields={"title": "Log in", "body": "MitID"})]
        stub = json.loads(build_search_index(documents, {})["search/search_index.json"])
        return stub["config"]["hcScores"]["version"]

    assert version("Choose the file.") == version("Choose the file.")
    assert version("Choose the file.") != version("Choose the file twice: the file.")


def test_the_query_side_reads_typos_prefixes_compounds_and_concepts(site_dir):
    engine = SearchEngine.from_site(site_dir)

    def terms(query: str) -> set:
        return {t for clause in engine.clauses(query) for t in clause.candidates}

    assert ("password",) in terms("pasword")
    assert ("payment",) in terms("paym")
    assert ("journal", "notat") in terms("journalnotater")
    assert ("~cannot-save",) in terms("nothing happens when I click save")
    assert engine.search("70206121")[0].id == "contact-it-support"
    assert engine.search("support@primora-it.dk")[0].id == "contact-it-support"
    assert engine.search("how can we help")[0].kind in ("entry", "guide", "section")


# -- the browser worker agrees with Python ---------------------------------------------------

def _words_to_compare(site_dir: Path) -> list[str]:
    words = [surface for path in (site_dir / "search" / "hc" / "v").glob("*.json")
             for entry in json.loads(path.read_text(encoding="utf-8")).values() for surface in entry[1].split()]
    words += [q.text for q in load_queries(TUNING) + load_queries(HELD_OUT)]
    rng = random.Random(11)
    alphabet = "abcdefghijklmnopqrstuvwxyzæøåéüß0123456789'’-. ABCÆØÅ"
    words += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 16))) for _ in range(2000)]
    return words


@pytest.mark.browser
def test_the_worker_reads_text_exactly_as_python_does(browser, site_server, site_dir):
    words = _words_to_compare(site_dir)
    page = browser.new_page()
    try:
        page.goto(site_server.url + "404.html")
        page.add_script_tag(url=site_server.url + "assets/javascripts/search-worker.js")
        browser_view = page.evaluate("""words => words.map(w => {
            const s = window.helpCentreSearch, surface = s.surfaceWords(w);
            return [s.fold(w), surface, surface.map(s.stem), surface.map(s.isStopWord)];
        })""", words)
    finally:
        page.close()
    python_view = [[fold(w), surface_words(w), [stem(x) for x in surface_words(w)],
                    [is_stop_word(x) for x in surface_words(w)]] for w in words]
    differences = [(w, b, p) for w, b, p in zip(words, browser_view, python_view) if b != p]
    assert not differences, differences[:5]
    assert len(words) > 2500


WORKER_RESULTS = """async ([url, config, queries]) => {
    const worker = new Worker(url);
    const next = () => new Promise((resolve, reject) => {
        worker.addEventListener("message", event => resolve(event.data), {once: true});
        setTimeout(() => reject(new Error("the worker did not answer")), 20000);
    });
    worker.postMessage({type: 0, data: {config, docs: [], options: {}}});
    await next();
    const out = [];
    for (const query of queries) {
        worker.postMessage({type: 2, data: query});
        const message = await next();
        out.push(message.data.items.map(group => group[0].location));
    }
    worker.terminate();
    return out;
}"""  # every query's result addresses, as the browser's worker gives them


@pytest.mark.browser
def test_the_worker_ranks_every_query_as_python_does(browser, site_server, site_dir):
    """Material's search box talks to the worker in messages; the test talks to it the same
    way, so every query of both halves is compared without typing."""
    engine = SearchEngine.from_site(site_dir)
    queries = [q.text for q in load_queries(TUNING) + load_queries(HELD_OUT)]
    queries += ["paym", "log i", "journalnotater", "x", "", "the and of", "+4570206121", "+45 70 20 61 21", "7020 6121", "70 20 6", "7020", "step 2 3"]
    stub = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    page = browser.new_page()
    try:
        page.goto(site_server.url + "404.html")
        worker_view = page.evaluate(WORKER_RESULTS, [site_server.url + "assets/javascripts/search-worker.js", stub["config"], queries])
    finally:
        page.close()
    python_view = [[hit.url for hit in engine.search(query)] for query in queries]
    differences = [(q, w[:3], p[:3]) for q, w, p in zip(queries, worker_view, python_view) if w != p]
    assert not differences, differences[:5]
    assert sum(1 for result in worker_view if result) > 280


# -- a large help centre's index, split as it is at thousands of answers ---------------------

# Limits that split today's few dozen answers the way 10,000 are split: a vocabulary file per
# first letter, score files by two or three first letters (not listed in the stub), and
# every word's scores cut to its best three answers.
SPLIT = {"postings_limit": 3, "shard_bytes": 400, "vocabulary_bytes": 400, "rows_bytes": 400}


@pytest.fixture(scope="module")
def split_files(help_centre) -> dict[str, str]:
    documents = list(search_documents(help_centre, bodies={}, to_html=lambda text: text))
    return build_search_index(documents, help_centre.concepts, **SPLIT)


def test_a_large_index_is_split_by_first_letters_and_its_stub_stays_small(split_files):
    config = json.loads(split_files["search/search_index.json"])["config"]
    words, scores = config["hcWords"], config["hcScores"]
    assert words["key"] == 1 and scores["key"] >= 2 and "keys" not in scores
    vocabulary_files = sorted(path for path in split_files if "/hc/v/" in path)
    assert vocabulary_files == sorted(f"search/hc/v/{key}.{words['version']}.json" for key in words["keys"])
    assert len("".join(words["keys"])) <= 36
    entries = {term: entry for path in vocabulary_files for term, entry in json.loads(split_files[path]).items()}
    # Numbers are in the vocabulary too (with no written forms): so a worker that may not
    # guess at score files still finds the support phone number.
    assert entries["70206121"][1] == ""
    # Every word in the vocabulary has a score file, and every score file's word is in it.
    score_terms = {term for path, text in split_files.items() if "/hc/t/" in path for term in json.loads(text)}
    assert {term for term in score_terms if not term.startswith("~")} == set(entries)
    manifest = json.loads(split_files["search/" + config["hc"]])
    assert {token for _, token, occurs in manifest["concepts"] if occurs} == {t for t in score_terms if t.startswith("~")}
    # Rows one file each: the stub names none of them (a search fetches those it shows).
    assert manifest["rowsPerFile"] == 1 and "hcRows" not in config


def test_a_word_keeps_its_best_scores_only_and_its_full_weight(help_centre, split_files):
    documents = list(search_documents(help_centre, bodies={}, to_html=lambda text: text))
    whole = build_search_index(documents, help_centre.concepts)

    def scores(files: dict[str, str]) -> dict[str, dict[int, int]]:
        found = {}
        for path, text in files.items():
            if "/hc/t/" in path:
                for term, flat in json.loads(text).items():
                    document, found[term] = 0, {}
                    for position in range(0, len(flat), 2):
                        document += flat[position]
                        found[term][document] = flat[position + 1]
        return found

    cut, full = scores(split_files), scores(whole)
    assert cut.keys() == full.keys()
    common = [term for term in full if len(full[term]) > SPLIT["postings_limit"]]
    assert len(common) > 20
    for term in common:
        best = sorted(full[term].items(), key=lambda item: (-item[1], item[0]))[:SPLIT["postings_limit"]]
        assert cut[term] == dict(best), term  # the same scores: the weight is of all answers
    vocabulary = {term: entry for path, text in split_files.items() if "/hc/v/" in path
                  for term, entry in json.loads(text).items()}
    assert all(vocabulary[term][0] == len(full[term]) for term in common if not term.startswith("~"))


def test_a_word_in_every_answer_still_finds_the_answer_most_about_it(help_centre, monkeypatch):
    """A help centre that shows the support box in each of its 2,000 answers: searching the
    support phone number still brings up the answer about contacting support first. The
    number's weight (idf) is then nearly 0, and every answer scored the same: the first in
    file order came first. Without the weight's floor this test fails."""
    documents = list(search_documents(help_centre, bodies={}, to_html=lambda text: text))
    expected = SearchEngine.from_files(build_search_index(documents, help_centre.concepts)).search("70206121")[0]
    others = [document for document in documents if document.id != expected.id]

    def with_the_box(document: SearchDocument, number: int | None = None) -> SearchDocument:
        fields = {**document.fields, "body": document.fields.get("body", "") + " Call IT support on 70206121."}
        if number is None:
            return dataclasses.replace(document, fields=fields)
        return dataclasses.replace(document, id=f"{document.id}-{number}", url=f"{document.url}-{number}", fields=fields)

    many = [with_the_box(document) for document in documents]
    many += [with_the_box(others[n % len(others)], n) for n in range(2_000 - len(many))]

    def first(query: str) -> str:
        return SearchEngine.from_files(build_search_index(many, help_centre.concepts)).search(query)[0].id

    assert first("70206121") == expected.id
    assert first("70 20 61 21") == expected.id
    assert first("70 20 6") == expected.id  # still typing: the number it starts, not any "6"
    monkeypatch.setattr(searchindex, "IDF_FLOOR", 0.0)  # the check can fail: without the floor
    assert first("70206121") != expected.id


NUMBER_AS_WRITTEN = ["70206121", "70 20 61 21", "70-20-61-21", "7020 6121", "+4570206121", "004570206121",
                     "+45 70 20 61 21", "+45 70206121", "0045 70206121", "+45 7020 6121"]
NUMBER_BEING_TYPED = ["702", "7020", "702061", "70 20", "70 20 6", "70 20 61 2", "7020 61", "+45 70 2", "+4570",
                      # a space between groups does not end the number; nor is "+45" nothing
                      "7020 ", "+45 7020 ", "0045 ", "+45 70 20 ", "+45", "45", "(+45) 7020 "]


@pytest.mark.parametrize("query", NUMBER_AS_WRITTEN + NUMBER_BEING_TYPED)
def test_the_support_number_finds_the_contact_answer_however_it_is_written(site_dir, query):
    """Groups of digits in a row are one number, the country code in front or not, and a
    number still being typed finds the number it starts: a reader who types the support
    number finds how to contact support at every keystroke."""
    hits = SearchEngine.from_site(site_dir).search(query)
    assert hits and hits[0].id == "contact-it-support", [hit.id for hit in hits[:3]]


def test_digits_in_a_row_stay_words_when_no_number_starts_with_them(site_dir):
    engine = SearchEngine.from_site(site_dir)
    assert [clause.word for clause in engine.clauses("step 2 3")] == ["step", "2", "3"]
    assert [clause.word for clause in engine.clauses("70 20 61 21 ")] == ["70206121"]
    assert [clause.word for clause in engine.clauses("+45 70 2")] == ["45702"]
    assert [clause.word for clause in engine.clauses("+45 70 2 ")] == ["45702"]  # a space only groups digits
    assert [clause.word for clause in engine.clauses("70 20 61 21 password")] == ["70206121", "password"]
    assert [clause.word for clause in engine.clauses("step 2 3 help")] == ["step", "2", "3", "help"]
    assert ("70206121",) in engine.clauses("7020")[0].candidates
    assert ("70206121",) in engine.clauses("7020 ")[0].candidates
    assert ("70206121",) not in engine.clauses("7020 password")[0].candidates  # a number in the middle is whole


def test_a_split_index_still_reads_prefixes_typos_and_compounds(split_files):
    engine = SearchEngine.from_files(split_files)

    def terms(query: str) -> set:
        return {t for clause in engine.clauses(query) for t in clause.candidates}

    assert ("password",) in terms("pasword")
    assert ("payment",) in terms("paym")
    assert ("journal", "notat") in terms("journalnotater")  # "notat" is in another file than "journal"
    assert engine.search("70206121")[0].id == "contact-it-support"
    assert ("password",) not in terms("qassword")  # the price of the split: the first letter must be right
    assert all(engine.search(query)[0].id == "contact-it-support" for query in NUMBER_AS_WRITTEN + NUMBER_BEING_TYPED)


@pytest.mark.browser
def test_the_worker_ranks_as_python_does_over_a_split_index(browser, split_files, tmp_path):
    """The same comparison over a split index, and the worker asks for no file that is not there."""
    from sitetools import serve_directory

    for path, text in split_files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    worker = tmp_path / "assets" / "javascripts" / "search-worker.js"
    worker.parent.mkdir(parents=True)
    worker.write_text((Path(__file__).parent.parent / "docs" / "assets" / "javascripts" / "search-worker.js")
                      .read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    engine = SearchEngine.from_files(split_files)
    queries = [q.text for q in load_queries(TUNING) + load_queries(HELD_OUT)]
    queries += ["paym", "log i", "journalnotater", "70206121", "x", "", "the and of", "qassword", "+4570206121", "+45 70 20 61 21", "7020 6121", "70 20 6", "7020", "step 2 3"]
    config = json.loads(split_files["search/search_index.json"])["config"]
    server = serve_directory(tmp_path, 0)
    url = next(server).url
    page = browser.new_page()
    statuses = []
    page.on("response", lambda response: statuses.append((response.status, response.url)))
    try:
        page.goto(url + "index.html")
        worker_view = page.evaluate(WORKER_RESULTS, [url + "assets/javascripts/search-worker.js", config, queries])
    finally:
        page.close()
        server.close()
    python_view = [[hit.url for hit in engine.search(query)] for query in queries]
    differences = [(q, w[:3], p[:3]) for q, w, p in zip(queries, worker_view, python_view) if w != p]
    assert not differences, differences[:5]
    assert sum(1 for result in worker_view if result) > 250
    fetched = [address for status, address in statuses if "/search/hc/" in address]
    assert any("/hc/v/" in address for address in fetched) and any("/hc/d/" in address for address in fetched)
    assert [item for item in statuses if item[0] != 200] == []


@pytest.mark.browser
def test_a_first_query_asks_for_the_whole_small_index_at_once(browser, site_server, site_dir):
    """On today's help centre a first query costs one wait, not two or three: the manifest,
    the vocabulary, the words' scores and every answer's row (the stub names their file)
    are asked for together, before any of them has arrived."""
    stub = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    page = browser.new_page()
    events = []
    page.on("request", lambda request: events.append(("asked", request.url.split("/search/")[-1])))
    page.on("requestfinished", lambda request: events.append(("done", request.url.split("/search/")[-1])))
    try:
        page.goto(site_server.url + "404.html")
        found = page.evaluate("""async ([url, config]) => {
            const worker = new Worker(url);
            const answer = new Promise((resolve, reject) => {
                worker.addEventListener("message", event => { if (event.data.type === 3) resolve(event.data); });
                setTimeout(() => reject(new Error("the worker did not answer")), 20000);
            });
            worker.postMessage({type: 0, data: {config, docs: [], options: {}}});
            worker.postMessage({type: 2, data: "payment guarantee"});
            const message = await answer;
            worker.terminate();
            return message.data.items.length;
        }""", [site_server.url + "assets/javascripts/search-worker.js", stub["config"]])
    finally:
        page.close()
    index = [(kind, name) for kind, name in events if name.startswith("hc/")]
    asked = [name for kind, name in index if kind == "asked"]
    rows = json.loads((site_dir / "search" / stub["config"]["hc"]).read_text(encoding="utf-8"))["rows"]
    assert stub["config"]["hcRows"] == f"hc/d/0.{rows}.json"
    first_wait = {stub["config"]["hc"], f"hc/v/all.{stub['config']['hcWords']['version']}.json",
                  f"hc/t/all.{stub['config']['hcScores']['version']}.json", stub["config"]["hcRows"]}
    assert found and sorted(asked) == sorted(first_wait), asked
    # All four were asked for before any of them had arrived.
    assert index.index(("asked", asked[-1])) < index.index(next(item for item in index if item[0] == "done"))


@pytest.mark.browser
def test_the_cursor_in_the_box_fetches_a_small_index_whole_even_before_setup(browser, site_server, site_dir):
    """On a slow phone the reader's cursor reaches the box before Material has set up the
    search worker: the wish to search is kept, and once set up the worker fetches all of
    today's small index (manifest, vocabulary, scores and rows), so the first query asks
    for nothing more."""
    stub = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    page = browser.new_page()
    asked, started, finished = [], [], []
    page.on("request", lambda request: asked.append(request.url.split("/search/")[-1]))
    page.on("request", lambda request: "/search/hc/" in request.url and started.append(time.monotonic()))
    page.on("requestfinished", lambda request: "/search/hc/" in request.url and finished.append(time.monotonic()))
    try:
        page.goto(site_server.url + "links.json")  # the site's origin, with no search of its own
        page.evaluate("""async ([url, config]) => {
            const worker = window.__worker = new Worker(url);
            await new Promise((resolve) => setTimeout(resolve, 300));
            new BroadcastChannel("help-centre-search").postMessage("warm");  // the cursor, first
            await new Promise((resolve) => setTimeout(resolve, 300));
            worker.postMessage({type: 0, data: {config, docs: [], options: {}}});
            await new Promise((resolve) => setTimeout(resolve, 1500));
        }""", [site_server.url + "assets/javascripts/search-worker.js", stub["config"]])
        before_query = [name for name in asked if name.startswith("hc/")]
        found = page.evaluate("""async () => {
            const answer = new Promise((resolve) => window.__worker.addEventListener("message", event => {
                if (event.data.type === 3) resolve(event.data); }));
            window.__worker.postMessage({type: 2, data: "payment guarantee"});
            const message = await answer;
            window.__worker.terminate();
            return message.data.items.length;
        }""")
    finally:
        page.close()
    manifest = json.loads((site_dir / "search" / stub["config"]["hc"]).read_text(encoding="utf-8"))
    index = [name for name in asked if name.startswith("hc/")]
    assert found and index == before_query, "the query had to ask for more"
    # every row is asked for with the manifest, not once the manifest has named it
    assert len(before_query) == 4 and finished and min(finished) > max(started), (started, finished)
    assert sorted(before_query) == sorted([stub["config"]["hc"], f"hc/v/all.{stub['config']['hcWords']['version']}.json",
                                    f"hc/t/all.{stub['config']['hcScores']['version']}.json",
                                    f"hc/d/0.{manifest['rows']}.json"]), asked
