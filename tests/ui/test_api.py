"""The app's API through gradio_client: the same answers as `qa ask --json`, clear errors, no stray files."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.ui.helpers import EN_QUESTION, ROOT, ZH_QUESTION

QUESTIONS = [ZH_QUESTION[0], EN_QUESTION[0]]


@pytest.fixture(scope="module")
def client(app_url):
    from gradio_client import Client

    return Client(app_url, verbose=False, download_files=False)


def test_api_endpoints_have_stable_names(client):
    named = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert {"/ask", "/cite", "/find", "/library", "/batch"} <= set(named)


def test_ask_over_the_api_equals_qa_ask_json(client, seed_index):
    """The CLI in its own process (model loaded there) and the app must give the same objects."""
    cli = subprocess.run(
        [sys.executable, "-m", "app.cli", "ask", "--json", "-k", "5", "--index", str(seed_index)],
        input="\n".join(QUESTIONS) + "\n", capture_output=True, text=True, timeout=300, cwd=ROOT, check=True,
    )  # fmt: skip
    expected = [json.loads(line) for line in cli.stdout.splitlines() if line.strip()]
    assert len(expected) == 2
    for question, want in zip(QUESTIONS, expected):
        got = client.predict(question, 5, api_name="/ask")
        assert got == want


def as_asked(assistant, question: str, k: int) -> dict:
    """What /ask and `qa ask --json` give: the answer, glossed when asked in English."""
    answer = assistant.ask(question, k=k)
    return (assistant.gloss(answer) if answer.lang == "en" else answer).to_dict()


def test_ask_over_the_api_equals_the_assistant(client, assistant):
    for question, text in (ZH_QUESTION, EN_QUESTION):
        got = client.predict(question, 3, api_name="/ask")
        assert got == as_asked(assistant, question, 3)
        sentence = next(h for h in got["passages"][0]["highlights"] if h["kind"] == "sentence")
        assert text in sentence["text"]


def test_concurrent_api_calls_get_their_own_answers(client, assistant, app_url):
    from gradio_client import Client

    expected = {q: as_asked(assistant, q, 5) for q in QUESTIONS}
    clients = [client, Client(app_url, verbose=False, download_files=False)]
    jobs = [(clients[i % 2], QUESTIONS[i % 2]) for i in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda job: (job[1], job[0].predict(job[1], 5, api_name="/ask")), jobs))
    for question, got in results:
        assert got == expected[question]


def test_cite_find_and_library(client, assistant):
    sentence = assistant.ask(ZH_QUESTION[0], k=1).sentence
    cited = client.predict(sentence.citation, api_name="/cite")
    assert cited["id"] == sentence.citation
    assert cited["unit"]["start"] == sentence.start and cited["unit"]["end"] == sentence.end
    assert cited["reference_zh"] and cited["reference_en"]
    assert "path" not in cited["source"] and cited["source"]["file"].endswith(".txt")

    found = client.predict(sentence.text, api_name="/find")
    assert found["verdict"] == "exact"
    assert found["matches"][0]["citation"] == sentence.citation

    library = client.predict(api_name="/library")
    assert len(library["documents"]) == len(assistant.data.documents)
    assert library["model"] == assistant.data.meta.model_id


@pytest.mark.parametrize(
    ("endpoint", "args", "says"),
    [
        ("/ask", ("", 5), "empty"),
        ("/ask", ("问" * 100_000, 5), "2,000-character limit"),
        ("/ask", ("量子", 0), "between 1 and"),
        ("/cite", ("abc",), "not a citation id"),
        ("/cite", ("999:p1",), "no document 999"),
        ("/find", ("，。！",), "only punctuation"),
    ],
)
def test_bad_input_is_an_error_with_the_message(client, endpoint, args, says):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match=says):
        client.predict(*args, api_name=endpoint)
    assert client.predict(ZH_QUESTION[0], 1, api_name="/ask")["passages"]  # still working


@pytest.mark.parametrize(
    "path",
    [
        "/gradio_api/file=/etc/passwd",
        "/gradio_api/file=../../../../etc/passwd",
        "/gradio_api/file=%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/gradio_api/file=" + str(ROOT / "seeds" / "catalog.toml"),
        "/gradio_api/file=" + str(ROOT / "pyproject.toml"),
    ],
)
def test_only_run_outputs_are_served(app_url, path, seed_index):
    for target in (path, f"/gradio_api/file={seed_index}/meta.json"):
        try:
            with urllib.request.urlopen(app_url.rstrip("/") + target, timeout=10) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        assert status in (403, 404), target


def test_the_app_listens_on_loopback_only(app_url):
    assert app_url.startswith("http://127.0.0.1:")
