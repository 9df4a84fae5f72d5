"""What a helper's security review of the service found, each reproduced here:
callbacks into the service's own network, odd ids and bodies, memory held by
queued requests, idempotent retries after an outage, sign-in abuse."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from idverify.errors import OcrUnavailableError
from idverify.service.app import create_app
from idverify.service.callbacks import (
    CallbackRefusedError,
    _pinned,
    callback_url_problem,
    deliver,
    resolve_public,
)
from idverify.service.runner import Outcome
from tests.service_support import database_urls
from tests.test_service_api import CLAIM, LICENSE, FixedRunner, _auth, _post, config_for

PASSWORD = "a long reviewer password"


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1:8443/internal",
        "https://169.254.169.254/latest/meta-data/",
        "https://localhost/",
        "https://10.1.2.3/",
        "https://100.64.0.1/",
        "https://[::1]/",
        "https://[fd00::1]/",
        "https://[::ffff:127.0.0.1]/",
    ],
)
def test_callbacks_into_the_services_own_network_are_refused(url: str) -> None:
    with pytest.raises(CallbackRefusedError):
        resolve_public(url, allow_private=False)
    assert resolve_public(url, allow_private=True)  # a local set-up may allow them


def test_a_public_callback_address_is_taken_and_pinned() -> None:
    assert resolve_public("https://93.184.215.14/hook", allow_private=False) == "93.184.215.14"
    url, headers, extensions = _pinned("https://dsar.example:8443/hook?x=1", "93.184.215.14")
    assert str(url) == "https://93.184.215.14:8443/hook?x=1"
    assert headers == {"Host": "dsar.example:8443"}
    assert extensions == {"sni_hostname": "dsar.example"}  # the certificate is checked by name


@pytest.mark.parametrize(
    "url",
    ["https://[::1/", "https://exa\x00mple.com/", "https://exämple.com/", "https://x:0/",
     "https://a b/", "https://user:pw@example.com/"],
)  # fmt: skip
def test_malformed_callback_urls_are_refused(url: str) -> None:
    assert callback_url_problem(url, allow_http=False) is not None


def test_delivery_checks_the_address_again(tmp_path: Path) -> None:
    # A host that resolved to a public address when the request came in and to a
    # private one later (DNS rebinding) is not called.
    delivered, attempts, status = asyncio.run(
        deliver(
            "https://127.0.0.1:9/hook",
            b"{}",
            "secret",
            attempts=3,
            backoff_s=0.01,
            timeout_s=1,
            verification_id="x",
        )
    )
    assert (delivered, attempts, status) == (False, 1, None)


@pytest.fixture(params=["sqlite", "postgresql"])
def app_and_key(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, str, str]]:
    for url in database_urls(tmp_path_factory, request.param):
        app = create_app(config_for(url, tmp_path_factory.mktemp("d")), FixedRunner())
        with TestClient(app) as client:
            store = app.state.service.store
            _, key, _ = store.create_key("k")
            vid = _post(client, key, [("a.png", LICENSE.read_bytes())]).json()["id"]
            yield client, key, vid
        app.state.service.store.engine.dispose()


def test_odd_ids_and_document_numbers_are_404_on_both_back_ends(
    app_and_key: tuple[TestClient, str, str],
) -> None:
    client, key, vid = app_and_key
    for path in (
        f"/v1/verifications/{vid}/documents/99999999999999999999/annotated.png",
        f"/v1/verifications/{vid}/documents/2147483648/annotated.png",
        f"/v1/verifications/{vid}/documents/-1/annotated.png",
        "/v1/verifications/ab%00cd",
        f"/v1/verifications/{vid[:31]}%00/documents/0/annotated.png",
        "/v1/verifications/" + "A" * 32,
    ):
        response = client.get(path, headers=_auth(key))
        assert response.status_code == 404, (path, response.text)
        assert response.json()["error"]["code"] == "NOT_FOUND"
    assert client.delete("/v1/verifications/ab%00", headers=_auth(key)).status_code == 404


def test_the_review_pages_answer_odd_ids_without_error(tmp_path: Path) -> None:
    app = create_app(config_for(f"sqlite:///{tmp_path}/db", tmp_path), FixedRunner())
    with TestClient(app) as client:
        app.state.service.store.add_reviewer("alice", PASSWORD)
        client.post("/review/login", data={"username": "alice", "password": PASSWORD})
        assert client.get("/review/v/ab%00").status_code == 404
        assert (
            client.get("/review/v/" + "a" * 32 + "/documents/99999999999999999999.png").status_code
            == 404
        )
        assert client.post("/review/v/ab%00/decision", data={"decision": "pass"}).status_code == 400


def _reviewer(client: TestClient) -> str:
    client.app.state.service.store.add_reviewer("alice", PASSWORD)  # type: ignore[attr-defined]
    client.post("/review/login", data={"username": "alice", "password": PASSWORD})
    page = client.get("/review?status=").text
    return page.split('name="csrf" value="')[1].split('"')[0]


def test_decision_bodies_too_deep_or_too_big(app_and_key: tuple[TestClient, str, str]) -> None:
    client, _, vid = app_and_key
    csrf = _reviewer(client)
    url = f"/v1/verifications/{vid}/decision"
    headers = {"X-CSRF-Token": csrf, "Content-Type": "application/json"}
    deep = client.post(url, content=b"[" * 5000 + b"]" * 5000, headers=headers)
    assert deep.status_code == 413  # over 8 KiB
    nested = client.post(url, content=b"[" * 4000 + b"]" * 4000, headers=headers)
    assert nested.status_code == 422
    assert client.post(url, content=b"\xff\xfe", headers=headers).status_code == 422
    ok = client.post(url, json={"decision": "pass", "note": "ok"}, headers=headers)
    assert ok.status_code == 200


def test_a_reviewers_note_stays_on_the_reviewer_page(
    app_and_key: tuple[TestClient, str, str],
) -> None:
    client, key, vid = app_and_key
    csrf = _reviewer(client)
    note = "called the requester on 090-0000-0000"
    client.post(
        f"/v1/verifications/{vid}/decision",
        json={"decision": "fail", "note": note},
        headers={"X-CSRF-Token": csrf},
    )
    api = client.get(f"/v1/verifications/{vid}", headers=_auth(key)).text
    assert note not in api and '"decided"' in api
    assert note in client.get(f"/review/v/{vid}").text


def test_claim_fields_with_control_characters_are_refused(
    app_and_key: tuple[TestClient, str, str],
) -> None:
    client, key, _ = app_and_key
    data = {**CLAIM, "address": "x\x00birth_date=1985-04-01"}
    response = _post(client, key, [("a.png", LICENSE.read_bytes())], data=data)
    assert response.status_code == 422 and "control" in response.json()["error"]["message"]


class _Gate(FixedRunner):
    """Holds every verification until released."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def verify(self, uploads: Any, claim: Any, policy: Any, today: Any) -> Outcome:
        self.gate.wait(30)
        return super().verify(uploads, claim, policy, today)


def test_requests_past_the_pending_limit_get_503_with_retry_after(tmp_path: Path) -> None:
    runner = _Gate()
    config = config_for(f"sqlite:///{tmp_path}/db", tmp_path, max_pending=2)
    app = create_app(config, runner)
    with TestClient(app) as client:
        _, key, _ = app.state.service.store.create_key("k")
        files = [("a.png", LICENSE.read_bytes())]
        for _ in range(2):
            assert _post(client, key, files, params={"mode": "async"}).status_code == 202
        busy = _post(client, key, files, params={"mode": "async"})
        assert busy.status_code == 503 and busy.headers["retry-after"] == "5"
        assert busy.json()["error"]["code"] == "BUSY"
        runner.gate.set()
        from tests.test_service_api import _wait_for

        _wait_for(lambda: app.state.service.pending == 0)
        assert _post(client, key, files).status_code == 201


class _Outage(FixedRunner):
    def __init__(self) -> None:
        super().__init__()
        self.down = True

    def verify(self, uploads: Any, claim: Any, policy: Any, today: Any) -> Outcome:
        if self.down:
            raise OcrUnavailableError("tesseract missing")
        return super().verify(uploads, claim, policy, today)


def test_an_idempotent_retry_after_an_outage_verifies_again(tmp_path: Path) -> None:
    runner = _Outage()
    app = create_app(config_for(f"sqlite:///{tmp_path}/db", tmp_path), runner)
    with TestClient(app) as client:
        _, key, _ = app.state.service.store.create_key("k")
        files = [("a.png", LICENSE.read_bytes())]
        headers = {"Idempotency-Key": "retry-me"}
        first = _post(client, key, files, headers=headers)
        assert first.status_code == 503 and first.json()["error"]["code"] == "OCR_UNAVAILABLE"
        runner.down = False
        second = _post(client, key, files, headers=headers)
        assert second.status_code == 201 and second.json()["verdict"] == "review"
        third = _post(client, key, files, headers=headers)
        assert third.status_code == 201 and third.json()["id"] == second.json()["id"]


def test_sign_in_is_locked_after_five_failures_and_refused_cross_site(tmp_path: Path) -> None:
    app = create_app(config_for(f"sqlite:///{tmp_path}/db", tmp_path), FixedRunner())
    with TestClient(app) as client:
        app.state.service.store.add_reviewer("bob", PASSWORD)
        good = {"username": "bob", "password": PASSWORD}
        for header in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
            response = client.post("/review/login", data=good, headers=header)
            assert response.status_code == 403 and "idverify_review" not in response.cookies
        for _ in range(5):
            bad = client.post("/review/login", data={"username": "bob", "password": "wrong"})
            assert bad.status_code == 401
        locked = client.post("/review/login", data=good, follow_redirects=False)
        assert locked.status_code == 429
        same_site = client.post(
            "/review/login",
            data={"username": "carol", "password": "x"},
            headers={"Sec-Fetch-Site": "same-origin"},
        )
        assert same_site.status_code == 401  # checked, not refused as cross-site
