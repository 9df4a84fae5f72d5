"""Nothing sensitive is written anywhere: after real requests with sensitive
documents, the database, the data directory, the temporary directory and the
logs hold no original upload, no OCR text, no individual number, no insurance
number and no domicile — and no file was opened for writing outside the data
directory while the requests ran (Starlette's multipart spooling over 1 MiB,
an OCR wrapper's temporary image files).
"""

from __future__ import annotations

import io
import json
import logging
import os
import random
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from idverify.service.app import create_app
from samples import capture, render, render_certificate, render_insurance
from samples.build import SAITO, YAMADA, claim_for, my_number_card_for
from tests.service_support import database_urls
from tests.test_service_api import _auth, config_for

_WRITES: list[str] | None = None  # paths opened for writing while recording


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _WRITES is None or event != "open" or not args:
        return
    path, mode, flags = [*args, None, None][:3]
    writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
        isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
    )
    if writing and isinstance(path, str | bytes | os.PathLike):
        _WRITES.append(os.fsdecode(path))


sys.addaudithook(_audit)

MY_NUMBER = "812345678901"
SYMBOL, NUMBER, INSURER = "47110815", "2718281", "06131234"


def _png(image: Any, level: int = 6) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=level)
    return buf.getvalue()


def _requests() -> list[tuple[dict[str, str], list[tuple[str, bytes]], list[str]]]:
    """(claim, files, sensitive strings) of three requests that must fail."""
    r = random.Random(4711)
    front = my_number_card_for(SAITO, r)
    back = render.my_number_card_back(SAITO, individual_number=MY_NUMBER, rng=r, redacted=False)
    certificate = render_certificate.resident_certificate_for(
        YAMADA, r, domicile="legible", number="legible"
    )
    insurance = render_insurance.health_insurance_card_front(
        YAMADA,
        symbol=SYMBOL,
        number=NUMBER,
        branch="00",
        insurer_number=INSURER,
        insurer_name="全国健康保険協会 東京支部",
        acquired=YAMADA.birth_date.replace(year=2010),
        rng=r,
    )
    domicile = certificate.values["domicile"]
    cert_number = certificate.values["individual_number"]
    scan = capture.flat_scan
    return [
        (
            claim_for(SAITO),
            [("front.png", _png(scan(front, r))), ("back.png", _png(scan(back, r)))],
            [MY_NUMBER],
        ),
        (
            claim_for(YAMADA),
            [("certificate.png", _png(scan(certificate, r), level=0))],
            [domicile, cert_number],
        ),
        (
            claim_for(YAMADA),
            [("insurance.png", _png(scan(insurance, r)))],
            [SYMBOL, INSURER],
        ),
    ]


def _forms(text: str) -> list[bytes]:
    """How ``text`` could sit in a file: UTF-8, UTF-16, JSON-escaped, digits spaced."""
    forms = {text, json.dumps(text)[1:-1]}
    if text.isdigit() and len(text) == 12:
        forms |= {f"{text[:4]} {text[4:8]} {text[8:]}", f"{text[:4]}-{text[4:8]}-{text[8:]}"}
    out = [f.encode() for f in forms]
    out += [f.encode("utf-16-le") for f in forms]
    return out


def _files_under(root: Path) -> Iterator[Path]:
    for path in root.rglob("*"):
        if path.is_file():
            yield path


def _dump_tables(engine: sa.Engine) -> bytes:
    """Every value of every table, as bytes."""
    chunks: list[bytes] = []
    with engine.connect() as conn:
        for table in sa.inspect(conn).get_table_names():
            for row in conn.execute(sa.text(f"SELECT * FROM {table}")):
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        chunks.append(bytes(value))
                    elif value is not None:
                        chunks.append(str(value).encode())
    return b"\n".join(chunks)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_no_upload_ocr_text_number_or_domicile_is_written_anywhere(
    backend: str,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    global _WRITES
    requests = _requests()
    # Starlette spools a file part over 1 MiB to disk: one upload must be that big.
    assert max(len(c) for _, files, _ in requests for _, c in files) > 1024 * 1024
    data_dir = tmp_path_factory.mktemp("data")
    temp_dir = tmp_path_factory.mktemp("tmp")
    monkeypatch.setattr(tempfile, "tempdir", str(temp_dir))
    monkeypatch.setenv("TMPDIR", str(temp_dir))
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = records.append  # type: ignore[method-assign]
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    needles: list[bytes] = []
    try:
        for url in database_urls(tmp_path_factory, backend):
            app = create_app(config_for(url, data_dir, max_request_bytes=32 * 1024 * 1024))
            store = app.state.service.store
            _WRITES = []
            with TestClient(app) as client:
                _, key, _ = store.create_key("portal")
                store.add_reviewer("alice", "a long reviewer password")
                client.post(
                    "/review/login",
                    data={"username": "alice", "password": "a long reviewer password"},
                )
                page = client.get("/review").text
                csrf = page.split('name="csrf" value="')[1].split('"')[0]
                for claim, files, secrets_ in requests:
                    response = client.post(
                        "/v1/verifications",
                        headers=_auth(key),
                        data=claim,
                        files=[("files", f) for f in files],
                    )
                    assert response.status_code == 201, response.text
                    body = response.json()
                    assert body["verdict"] == "fail", body["reasons"]
                    vid = body["id"]
                    assert client.get(f"/review/v/{vid}").status_code == 200
                    for n in range(len(body["documents"])):
                        client.get(f"/review/v/{vid}/documents/{n}.png")
                    client.get(f"/v1/verifications/{vid}", headers=_auth(key))
                    decided = client.post(
                        f"/v1/verifications/{vid}/decision",
                        json={"decision": "fail", "note": "asked for a masked copy"},
                        headers={"X-CSRF-Token": csrf},
                    )
                    assert decided.status_code == 200
                    needles += [n for s in secrets_ for n in _forms(s)]
                    needles += [f for f in _forms(claim["name"])]
                    needles += [f for f in _forms(claim["address"])]
                    for doc in body["documents"]:
                        for value in doc.get("fields", {}).values():  # the OCR's text
                            if len(value) >= 4:
                                needles += _forms(value)
                    for _, content in files:  # pieces of each original upload
                        for at in range(0, len(content) - 64, max(1, len(content) // 8)):
                            needles.append(content[at : at + 64])
            writes, _WRITES = _WRITES, None
            stored = _dump_tables(store.engine)
            store.engine.dispose()
    finally:
        _WRITES = None
        root.removeHandler(handler)
        root.setLevel(old_level)
    out, err = capfd.readouterr()
    logs = "\n".join(r.getMessage() for r in records) + out + err
    places: dict[str, bytes] = {"database tables": stored, "logs": logs.encode()}
    for path in [*_files_under(data_dir), *_files_under(temp_dir)]:
        places[str(path)] = path.read_bytes()
    assert places["database tables"] and records  # the scan looked at something
    for where, content in places.items():
        for needle in needles:
            assert needle not in content, f"{needle[:12]!r}… found in {where}"
    # Nothing was opened for writing outside the data directory (the database's
    # own files, written by SQLite's C code, are in it and were scanned above).
    outside = [p for p in writes if not Path(p).resolve().is_relative_to(data_dir.resolve())]
    assert outside == []
    assert list(_files_under(temp_dir)) == []
