"""``idverify keys``, ``reviewers``, ``purge`` and ``serve`` as a DSAR system's
operator runs them: real processes, a real server with several workers."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.test_service_api import CLAIM, LICENSE

IDVERIFY = [sys.executable, "-m", "idverify"]


def _run(env: dict[str, str], *args: str, stdin: str = "") -> tuple[int, list[dict[str, object]]]:
    done = subprocess.run(
        [*IDVERIFY, *args], env=env, input=stdin, capture_output=True, text=True, timeout=120
    )
    return done.returncode, [json.loads(line) for line in done.stdout.splitlines() if line]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "IDVERIFY_DATA_DIR": str(tmp_path / "data")}


def test_keys_are_created_listed_and_revoked(env: dict[str, str]) -> None:
    code, [created] = _run(env, "keys", "create", "dsar-portal")
    assert code == 0 and str(created["key"]).startswith("idv_") and created["callback_secret"]
    code, listed = _run(env, "keys", "list")
    assert [k["name"] for k in listed] == ["dsar-portal"] and listed[0]["revoked_at"] is None
    assert "key" not in listed[0]
    assert _run(env, "keys", "revoke", str(created["id"]))[0] == 0
    assert _run(env, "keys", "list")[1][0]["revoked_at"] is not None
    code, [error] = _run(env, "keys", "revoke", "no-such-key")
    assert code == 1 and error["error"]["code"] == "NOT_FOUND"  # type: ignore[index]


def test_reviewers_need_a_long_password(env: dict[str, str]) -> None:
    assert _run(env, "reviewers", "add", "alice", "--password-stdin", stdin="short\n")[0] == 2
    code, out = _run(
        env, "reviewers", "add", "alice", "--password-stdin", stdin="long enough password\n"
    )
    assert code == 0 and out == [{"reviewer": "alice"}]
    assert _run(env, "reviewers", "disable", "alice")[0] == 0
    assert _run(env, "reviewers", "disable", "bob")[0] == 1


def test_purge_reports_what_it_erased(env: dict[str, str]) -> None:
    code, [out] = _run({**env, "IDVERIFY_RETENTION_DAYS": "7"}, "purge")
    assert code == 0 and out == {"purged": 0, "interrupted": 0, "retention_days": 7}
    code, [error] = _run({**env, "IDVERIFY_RETENTION_DAYS": "zero"}, "purge")
    assert code == 2 and error["error"]["code"] == "USAGE"  # type: ignore[index]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_runs_the_curl_session_of_the_readme(env: dict[str, str]) -> None:
    """The README's session: create a key, submit, fetch the result and the image."""
    _, [created] = _run(env, "keys", "create", "dsar-portal")
    port = _free_port()
    server = subprocess.Popen(
        [*IDVERIFY, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=60).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "server did not start"
            time.sleep(0.5)
        auth = {"Authorization": f"Bearer {created['key']}"}
        body = httpx.post(
            f"{base}/v1/verifications",
            headers=auth,
            data=CLAIM,
            files=[("files", ("front.png", LICENSE.read_bytes(), "image/png"))],
            timeout=120,
        )
        assert body.status_code == 201 and body.json()["verdict"] == "pass"
        vid = body.json()["id"]
        got = httpx.get(f"{base}/v1/verifications/{vid}", headers=auth, timeout=30)
        assert got.json()["status"] == "done"
        image = httpx.get(
            f"{base}/v1/verifications/{vid}/documents/0/annotated.png", headers=auth, timeout=30
        )
        assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    finally:
        server.terminate()
        output = server.communicate(timeout=60)[0].decode()
    assert "Started parent process" in output or "Uvicorn running" in output
    assert "Traceback" not in output
