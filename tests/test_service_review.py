"""The reviewer page: sign in, the queue, a case, a decision, its audit entry —
through HTTP, and end to end in a real headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from idverify.service.app import create_app
from tests.service_support import database_urls
from tests.test_service_api import CLAIM, LICENSE, _auth, _post, config_for

PASSWORD = "a long reviewer password"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str, str]]:
    """A service with real OCR, a reviewer, and one verified request: (client, key, id)."""
    for url in database_urls(tmp_path_factory, "sqlite"):
        app = create_app(config_for(url, tmp_path_factory.mktemp("data")))
        with TestClient(app) as client:
            store = app.state.service.store
            _, key, _ = store.create_key("portal")
            store.add_reviewer("alice", PASSWORD)
            claim = {**CLAIM, "address": "東京都千代田区丸の内一丁目9番9号"}  # another address
            vid = _post(client, key, [("front.png", LICENSE.read_bytes())], data=claim).json()["id"]
            yield client, key, vid


def _sign_in(client: TestClient) -> str:
    """Sign in as alice; the CSRF token."""
    response = client.post(
        "/review/login", data={"username": "alice", "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303
    page = client.get("/review").text
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_the_page_needs_a_reviewer_and_a_right_password(
    served: tuple[TestClient, str, str],
) -> None:
    client, key, vid = served
    client.cookies.clear()
    assert client.get("/review", follow_redirects=False).headers["location"] == "/review/login"
    # An API key opens no reviewer page.
    page = client.get(f"/review/v/{vid}", headers=_auth(key), follow_redirects=False)
    assert page.status_code == 303
    wrong = client.post("/review/login", data={"username": "alice", "password": "nope"})
    assert wrong.status_code == 401 and 'id="login-error"' in wrong.text


def test_a_reviewer_sees_the_case_and_decides_it(served: tuple[TestClient, str, str]) -> None:
    client, key, vid = served
    csrf = _sign_in(client)
    queue = client.get("/review?verdict=review&status=undecided")
    assert queue.status_code == 200 and f"/review/v/{vid}" in queue.text
    assert queue.headers["cache-control"] == "no-store"
    assert f"/review/v/{vid}" not in client.get("/review?verdict=pass").text
    case = client.get(f"/review/v/{vid}")
    assert "ADDRESS_MISMATCH" in case.text or "ADDRESS_UNCERTAIN" in case.text
    assert "丸の内一丁目9番9号" in case.text  # the claim beside what was read
    image = client.get(f"/review/v/{vid}/documents/0.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    # Without the CSRF token nothing is decided.
    refused = client.post(f"/review/v/{vid}/decision", data={"decision": "pass", "note": "x"})
    assert refused.status_code == 400
    done = client.post(
        f"/review/v/{vid}/decision",
        data={"decision": "fail", "note": "moved; asked for a new certificate", "csrf": csrf},
    )
    assert done.status_code == 200 and 'id="decision">fail' in done.text
    assert "moved; asked for a new certificate" in done.text
    trail = client.get(f"/v1/verifications/{vid}", headers=_auth(key)).json()["audit"]
    decided = [e for e in trail if e["event"] == "decided"]
    assert decided[-1]["actor"] == "reviewer:alice" and decided[-1]["decision"] == "fail"
    viewed = {e["what"] for e in trail if e["event"] == "viewed"}
    assert {"case", "image 0"} <= viewed


def test_the_decision_api_takes_a_reviewer_session_with_its_csrf_token(
    served: tuple[TestClient, str, str],
) -> None:
    client, _, vid = served
    csrf = _sign_in(client)
    url = f"/v1/verifications/{vid}/decision"
    assert client.post(url, json={"decision": "pass"}).status_code == 403  # no token
    bad = client.post(url, json={"decision": "maybe"}, headers={"X-CSRF-Token": csrf})
    assert bad.status_code == 422
    ok = client.post(url, json={"decision": "pass", "note": "ok"}, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200 and ok.json()["review"]["decision"] == "pass"
    unknown = client.post(
        "/v1/verifications/" + "f" * 32 + "/decision",
        json={"decision": "pass"},
        headers={"X-CSRF-Token": csrf},
    )
    assert unknown.status_code == 404
    # A reviewer's session submits no verification.
    assert client.post("/v1/verifications", data=CLAIM).status_code == 401


def test_the_page_speaks_japanese_and_english(served: tuple[TestClient, str, str]) -> None:
    client, _, _ = served
    _sign_in(client)
    assert "確認待ち一覧" in client.get("/review").text
    english = client.get("/review?lang=en")
    assert "Queue" in english.text and 'lang="en"' in english.text
    assert "Queue" in client.get("/review").text  # remembered
    assert "確認待ち一覧" in client.get("/review?lang=ja").text


def test_what_a_page_shows_is_escaped(tmp_path: Path) -> None:
    from tests.test_service_api import FixedRunner

    app = create_app(config_for(f"sqlite:///{tmp_path}/db.sqlite", tmp_path), FixedRunner())
    with TestClient(app) as client:
        store = app.state.service.store
        _, key, _ = store.create_key("portal")
        store.add_reviewer("alice", PASSWORD)
        claim = {**CLAIM, "name": "<script>alert(1)</script>"}
        vid = _post(client, key, [("a.png", LICENSE.read_bytes())], data=claim).json()["id"]
        _sign_in(client)
        page = client.get(f"/review/v/{vid}").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


# ------------------------------------------------------------ real browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is required in CI (scripts/setup.sh --dev)")
        pytest.skip("no chromium on this machine")
    return path


def test_a_reviewer_decides_a_case_in_a_real_browser(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    for url in database_urls(tmp_path_factory, "sqlite"):
        app = create_app(config_for(url, tmp_path_factory.mktemp("data")))
        store = app.state.service.store
        store.add_reviewer("alice", PASSWORD)
        _, key, _ = store.create_key("portal")
        port = _free_port()
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            while not server.started:
                time.sleep(0.05)
            base = f"http://127.0.0.1:{port}"
            import httpx

            with open(LICENSE, "rb") as fh:
                created = httpx.post(
                    f"{base}/v1/verifications",
                    headers=_auth(key),
                    data={**CLAIM, "address": "東京都千代田区丸の内一丁目9番9号"},
                    files=[("files", ("front.png", fh.read()))],
                    timeout=120,
                )
            assert created.status_code == 201, created.text
            vid = created.json()["id"]
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=executable, headless=True)
                page = browser.new_page()
                page.goto(f"{base}/review?lang=en")
                assert page.url.endswith("/review/login")
                page.fill("#username", "alice")
                page.fill("#password", PASSWORD)
                page.click("#sign-in")
                page.wait_for_load_state()
                assert page.url.endswith("/review"), (page.url, page.content()[:300])
                page.wait_for_selector("#queue")
                page.click(f"a[href='/review/v/{vid}']")
                page.wait_for_selector("#reasons")
                assert page.inner_text("#verdict") == created.json()["verdict"]
                width = page.eval_on_selector("section.document img", "img => img.naturalWidth")
                assert width > 500  # the masked image loaded
                page.fill("#note", "address checked by phone")
                page.click("#decide-pass")
                page.wait_for_selector("#decision")
                assert page.inner_text("#decision") == "pass"
                row = page.inner_text("#audit tr.event-decided")
                assert "reviewer:alice" in row and "address checked by phone" in row
                page.click("#lang")
                page.wait_for_selector("text=監査記録")
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
