"""The reviewer page (``/review``, Japanese and English): sign in, the queue,
a case with its masked images, fields beside the claim, reasons, scores and
audit trail, and the decision.

Reviewers sign in with a password (``idverify reviewers add``); their session
is a cookie (HttpOnly, SameSite=Strict) plus a CSRF token on every form and on
the API's decision call. API keys are not accepted here, and a reviewer's
session is not accepted by the DSAR endpoints.
"""

from __future__ import annotations

import hmac
import time
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import DictLoader, Environment, select_autoescape
from starlette.concurrency import run_in_threadpool

from idverify.report import OUTPUT_FIELDS
from idverify.service.errors import ApiError, valid_id
from idverify.service.store import Store

__all__ = ["reviewer_for_api", "router"]

COOKIE = "idverify_review"
LANG_COOKIE = "idverify_lang"
_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'self'; img-src 'self'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    # Same-origin requests keep their Origin (the cross-site check); others get nothing.
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}

TEXT: dict[str, dict[str, str]] = {
    "ja": {
        "title": "本人確認レビュー",
        "sign_in": "ログイン",
        "sign_out": "ログアウト",
        "username": "ユーザー名",
        "password": "パスワード",
        "bad_login": "ユーザー名またはパスワードが違います",
        "queue": "確認待ち一覧",
        "verdict": "判定",
        "status": "状態",
        "all": "すべて",
        "undecided": "未決定",
        "decided": "決定済み",
        "filter": "絞り込み",
        "created": "受付日時",
        "reasons": "理由",
        "decision": "レビュー結果",
        "open": "開く",
        "none": "該当なし",
        "documents": "書類",
        "field": "項目",
        "read": "読み取り",
        "claimed": "申請内容",
        "score": "一致度",
        "audit": "監査記録",
        "at": "日時",
        "event": "イベント",
        "actor": "実行者",
        "detail": "詳細",
        "note": "メモ",
        "decide_pass": "本人確認OK (pass)",
        "decide_fail": "本人確認NG (fail)",
        "back": "一覧へ戻る",
        "erased": "この依頼のデータは消去されています",
        "name": "氏名",
        "kana": "フリガナ",
        "address": "住所",
        "birth_date": "生年月日",
        "expiry_date": "有効期限",
        "issue_date": "発行日",
        "type": "種類",
        "other": "English",
    },
    "en": {
        "title": "Identity verification review",
        "sign_in": "Sign in",
        "sign_out": "Sign out",
        "username": "User name",
        "password": "Password",
        "bad_login": "Wrong user name or password",
        "queue": "Queue",
        "verdict": "Verdict",
        "status": "Status",
        "all": "all",
        "undecided": "undecided",
        "decided": "decided",
        "filter": "Filter",
        "created": "Received",
        "reasons": "Reasons",
        "decision": "Decision",
        "open": "Open",
        "none": "Nothing here",
        "documents": "Documents",
        "field": "Field",
        "read": "Read",
        "claimed": "Claimed",
        "score": "Score",
        "audit": "Audit trail",
        "at": "When",
        "event": "Event",
        "actor": "Who",
        "detail": "Detail",
        "note": "Note",
        "decide_pass": "Identity confirmed (pass)",
        "decide_fail": "Identity not confirmed (fail)",
        "back": "Back to the queue",
        "erased": "This request's data has been erased",
        "name": "Name",
        "kana": "Kana",
        "address": "Address",
        "birth_date": "Birth date",
        "expiry_date": "Expiry",
        "issue_date": "Issued",
        "type": "Type",
        "other": "日本語",
    },
}

_BASE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ t.title }}</title>
<style>
body{font-family:sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
.pass{color:#0a7a3a}.fail{color:#b01c1c}.review{color:#b06a00}
header{display:flex;gap:1rem;align-items:center;justify-content:space-between}
img{max-width:100%;border:1px solid #999}
</style></head><body>
<header><h1>{{ t.title }}</h1><nav>
<a href="?{{ other_query }}" id="lang">{{ t.other }}</a>
{% if user %} · {{ user }}
<form method="post" action="/review/logout" style="display:inline">
<input type="hidden" name="csrf" value="{{ csrf }}">
<button id="sign-out">{{ t.sign_out }}</button></form>{% endif %}
</nav></header>
{% block body %}{% endblock %}
</body></html>"""

_LOGIN = """{% extends "base" %}{% block body %}
<h2>{{ t.sign_in }}</h2>
{% if failed %}<p class="fail" id="login-error">{{ t.bad_login }}</p>{% endif %}
<form method="post" action="/review/login">
<p><label>{{ t.username }} <input name="username" id="username" autocomplete="username"></label></p>
<p><label>{{ t.password }} <input name="password" id="password" type="password"
 autocomplete="current-password"></label></p>
<p><button id="sign-in">{{ t.sign_in }}</button></p></form>
{% endblock %}"""

_QUEUE = """{% extends "base" %}{% block body %}
<h2>{{ t.queue }}</h2>
<form method="get" action="/review">
<label>{{ t.verdict }} <select name="verdict" id="filter-verdict">
{% for v in ["", "review", "fail", "pass"] %}
<option value="{{ v }}" {% if v == verdict %}selected{% endif %}>{{ v or t.all }}</option>
{% endfor %}</select></label>
<label>{{ t.status }} <select name="status" id="filter-status">
{% for s, label in statuses %}
<option value="{{ s }}" {% if s == status %}selected{% endif %}>{{ label }}</option>
{% endfor %}</select></label>
<button id="filter">{{ t.filter }}</button></form>
{% if rows %}<table id="queue"><tr><th>{{ t.created }}</th><th>ID</th><th>{{ t.status }}</th>
<th>{{ t.verdict }}</th><th>{{ t.reasons }}</th><th>{{ t.decision }}</th></tr>
{% for r in rows %}<tr>
<td>{{ r.created_at.strftime("%Y-%m-%d %H:%M") }}</td>
<td><a class="case" href="/review/v/{{ r.id }}">{{ r.id[:8] }}</a></td>
<td>{{ r.status }}</td><td class="{{ r.verdict or '' }}">{{ r.verdict or "" }}</td>
<td>{{ r.reason_codes|join(", ") }}</td><td>{{ r.decision or "" }}</td></tr>
{% endfor %}</table>{% else %}<p>{{ t.none }}</p>{% endif %}
{% endblock %}"""

_CASE = """{% extends "base" %}{% block body %}
<p><a href="/review" id="back">{{ t.back }}</a></p>
<h2>{{ v.id }}</h2>
<p>{{ t.created }}: {{ v.created_at.strftime("%Y-%m-%d %H:%M") }} · {{ t.status }}:
<span id="status">{{ v.status }}</span> · {{ t.verdict }}:
<strong class="{{ v.verdict or '' }}" id="verdict">{{ v.verdict or "" }}</strong>
{% if v.decision %} · {{ t.decision }}: <strong id="decision">{{ v.decision }}</strong>
({{ v.decided_by }}){% endif %}</p>
<h3>{{ t.claimed }}</h3><table id="claim">
{% for f in ["name", "kana", "address", "birth_date"] %}{% if claim.get(f) %}
<tr><th>{{ t[f] }}</th><td>{{ claim[f] }}</td></tr>{% endif %}{% endfor %}</table>
{% if not result %}<p>{{ t.erased }}</p>{% else %}
<h3>{{ t.reasons }}</h3><ul id="reasons">
{% for r in result.reasons %}<li class="{{ r.severity }}"><code>{{ r.code }}</code>
{% if r.document is defined %}[{{ r.document }}]{% endif %} {{ r.message }}</li>
{% else %}<li>{{ t.none }}</li>{% endfor %}</ul>
<h3>{{ t.documents }}</h3>
{% for d in docs %}<section class="document">
<h4>{{ loop.index0 }}: {{ d.type }}{% if d.side %} ({{ d.side }}){% endif %}</h4>
{% if d.image %}<img src="/review/v/{{ v.id }}/documents/{{ loop.index0 }}.png"
 alt="{{ d.type }}">{% endif %}
<table><tr><th>{{ t.field }}</th><th>{{ t.read }}</th><th>{{ t.claimed }}</th>
<th>{{ t.score }}</th></tr>
{% for f in fields %}{% if f in d.fields or claim.get(f) %}<tr><td>{{ t[f] }}</td>
<td>{{ d.fields.get(f, "") }}</td><td>{{ claim.get(f) or "" }}</td>
<td>{{ d.scores.get(f, "") }}</td></tr>{% endif %}{% endfor %}</table></section>
{% endfor %}{% endif %}
{% if v.status == "done" %}
<h3>{{ t.decision }}</h3>
<form method="post" action="/review/v/{{ v.id }}/decision" id="decide">
<input type="hidden" name="csrf" value="{{ csrf }}">
<p><label>{{ t.note }}<br><textarea name="note" id="note" rows="3" cols="60"
 maxlength="2000"></textarea></label></p>
<button name="decision" value="pass" id="decide-pass">{{ t.decide_pass }}</button>
<button name="decision" value="fail" id="decide-fail">{{ t.decide_fail }}</button>
</form>{% endif %}
<h3>{{ t.audit }}</h3>
<table id="audit"><tr><th>{{ t.at }}</th><th>{{ t.event }}</th><th>{{ t.actor }}</th>
<th>{{ t.detail }}</th><th>{{ t.note }}</th></tr>
{% for e in events %}<tr class="event-{{ e.event }}">
<td>{{ e.at.strftime("%Y-%m-%d %H:%M:%S") }}</td><td>{{ e.event }}</td><td>{{ e.actor }}</td>
<td>{% for k, x in e.detail.items() %}{{ k }}={{ x }} {% endfor %}</td>
<td>{{ e.note or "" }}</td></tr>{% endfor %}</table>
{% endblock %}"""

_ENV = Environment(
    loader=DictLoader({"base": _BASE, "login": _LOGIN, "queue": _QUEUE, "case": _CASE}),
    autoescape=select_autoescape(default=True, default_for_string=True),
)

router = APIRouter(include_in_schema=False)


def _store(request: Request) -> Store:
    store: Store = request.app.state.service.store
    return store


def _lang(request: Request) -> str:
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "ja"
    return asked if asked in TEXT else "ja"


def _page(request: Request, template: str, http_status: int = 200, **context: Any) -> HTMLResponse:
    lang = _lang(request)
    query = dict(request.query_params)
    query["lang"] = "en" if lang == "ja" else "ja"
    html = _ENV.get_template(template).render(
        t=TEXT[lang], lang=lang, other_query=urlencode(query), **context
    )
    response = HTMLResponse(html, status_code=http_status, headers=_HEADERS)
    if request.query_params.get("lang") in TEXT:
        response.set_cookie(LANG_COOKIE, lang, samesite="strict", max_age=365 * 86400)
    return response


def _session(request: Request) -> tuple[str, str] | None:
    token = request.cookies.get(COOKIE)
    return _store(request).session(token) if token else None


def _same_origin(request: Request) -> bool:
    """Whether a state-changing request comes from this site's own pages (a
    cross-site form must not sign a reviewer in, out, or decide)."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:  # browsers since 2020-2023 say it themselves
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is not None and origin != "null":
        return urlsplit(origin).netloc == request.headers.get("host")
    return origin is None  # no browser's cross-site form (those send an Origin)


def _token_ok(given: object, expected: str) -> bool:
    return isinstance(given, str) and hmac.compare_digest(given.encode(), expected.encode())


# Sign-in attempts that failed, per user name, in this process: (count, first at).
_FAILURES: dict[str, tuple[int, float]] = {}
_MAX_FAILURES = 5
_LOCKOUT_S = 15 * 60


def _locked_out(username: str) -> bool:
    count, since = _FAILURES.get(username, (0, 0.0))
    if time.monotonic() - since > _LOCKOUT_S:
        _FAILURES.pop(username, None)
        return False
    return count >= _MAX_FAILURES


def _failed(username: str) -> None:
    count, since = _FAILURES.get(username, (0, time.monotonic()))
    if len(_FAILURES) > 10_000:  # a flood of invented names must not grow this forever
        _FAILURES.clear()
    _FAILURES[username] = (count + 1, since)


def reviewer_for_api(request: Request, store: Store) -> str:
    """The signed-in reviewer of an API call (session cookie and ``X-CSRF-Token``)."""
    if not _same_origin(request):
        raise ApiError(403, "FORBIDDEN", "cross-site request")
    token = request.cookies.get(COOKIE)
    found = store.session(token) if token else None
    if found is None:
        raise ApiError(401, "UNAUTHORIZED", "sign in as a reviewer at /review")
    user, csrf = found
    if not _token_ok(request.headers.get("x-csrf-token"), csrf):
        raise ApiError(403, "FORBIDDEN", "missing or wrong X-CSRF-Token")
    return user


def _to_login(request: Request) -> RedirectResponse:
    response = RedirectResponse("/review/login", status_code=303, headers=_HEADERS)
    if request.query_params.get("lang") in TEXT:  # the language asked for survives sign-in
        response.set_cookie(LANG_COOKIE, _lang(request), samesite="strict", max_age=365 * 86400)
    return response


@router.get("/review/login")
async def login_form(request: Request) -> Response:
    """The sign-in form."""
    return _page(request, "login", user=None, failed=False)


@router.post("/review/login")
async def login(request: Request) -> Response:
    """Check the password; on success set the session cookie. Five failures for a
    name lock it for 15 minutes (per server process)."""
    if not _same_origin(request):
        return Response("cross-site request", status_code=403, headers=_HEADERS)
    form = await request.form(max_files=0, max_fields=5)
    username = str(form.get("username") or "")[:100]
    password = str(form.get("password") or "")[:200]
    config = request.app.state.service.config
    if _locked_out(username):
        return _page(request, "login", http_status=429, user=None, failed=True)
    found = await run_in_threadpool(
        _store(request).sign_in, username, password, config.session_hours
    )
    if found is None:
        _failed(username)
        return _page(request, "login", http_status=401, user=None, failed=True)
    _FAILURES.pop(username, None)
    token, _ = found
    response = RedirectResponse("/review", status_code=303, headers=_HEADERS)
    response.set_cookie(
        COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https" or config.secure_cookies,
        max_age=config.session_hours * 3600,
    )
    return response


@router.post("/review/logout")
async def logout(request: Request) -> Response:
    """End the session."""
    form = await request.form(max_files=0, max_fields=5)
    found = _session(request)
    token = request.cookies.get(COOKIE)
    if found is not None and token and _token_ok(form.get("csrf"), found[1]):
        await run_in_threadpool(_store(request).sign_out, token)
    response = _to_login(request)
    response.delete_cookie(COOKIE)
    return response


@router.get("/review")
async def queue(request: Request, verdict: str = "", status: str = "undecided") -> Response:
    """The queue, filtered by verdict and status."""
    found = _session(request)
    if found is None:
        return _to_login(request)
    t = TEXT[_lang(request)]
    statuses = [
        ("undecided", t["undecided"]),
        ("decided", t["decided"]),
        ("processing", "processing"),
        ("error", "error"),
        ("deleted", "deleted"),
        ("purged", "purged"),
        ("", t["all"]),
    ]
    verdict = verdict if verdict in ("pass", "fail", "review") else ""
    status = status if status in {s for s, _ in statuses} else "undecided"
    rows = await run_in_threadpool(_store(request).queue, verdict=verdict, status=status)
    return _page(
        request,
        "queue",
        user=found[0],
        csrf=found[1],
        rows=rows,
        verdict=verdict,
        status=status,
        statuses=statuses,
    )


@router.get("/review/v/{vid}")
async def case(request: Request, vid: str) -> Response:
    """One case in full."""
    found = _session(request)
    if found is None:
        return _to_login(request)
    store = _store(request)
    stored = await run_in_threadpool(store.get, vid) if valid_id(vid) else None
    if stored is None:
        return HTMLResponse("<p>404</p>", status_code=404, headers=_HEADERS)
    await run_in_threadpool(store.viewed, vid, f"reviewer:{found[0]}", "case")
    result = stored.result or {}
    docs = []
    for i, d in enumerate(result.get("documents", [])):
        docs.append(
            {
                "type": d.get("type", "unknown"),
                "side": d.get("side"),
                "fields": d.get("fields", {}),
                "scores": d.get("scores", {}),
                "image": i in stored.images,
            }
        )
    events = await run_in_threadpool(store.events, vid)
    return _page(
        request,
        "case",
        user=found[0],
        csrf=found[1],
        v=stored,
        result=stored.result,
        claim=stored.claim or {},
        docs=docs,
        fields=("name", "kana", *[f for f in OUTPUT_FIELDS if f != "name"]),
        events=events,
    )


@router.get("/review/v/{vid}/documents/{n}.png")
async def case_image(request: Request, vid: str, n: int) -> Response:
    """A case's masked reviewer image."""
    found = _session(request)
    if found is None:
        return Response(status_code=401, headers=_HEADERS)
    store = _store(request)
    png = await run_in_threadpool(store.image, vid, n) if valid_id(vid, n) else None
    if png is None:
        return Response(status_code=404, headers=_HEADERS)
    await run_in_threadpool(store.viewed, vid, f"reviewer:{found[0]}", f"image {n}")
    return Response(png, media_type="image/png", headers=_HEADERS)


@router.post("/review/v/{vid}/decision")
async def case_decision(request: Request, vid: str) -> Response:
    """The decision form's target."""
    found = _session(request)
    if found is None:
        return _to_login(request)
    form = await request.form(max_files=0, max_fields=5)
    decision = form.get("decision")
    note = str(form.get("note") or "")[:2000]
    if (
        not _same_origin(request)
        or not _token_ok(form.get("csrf"), found[1])
        or decision not in ("pass", "fail")
        or not valid_id(vid)
    ):
        return Response("bad request", status_code=400, headers=_HEADERS)
    await run_in_threadpool(_store(request).decide, vid, str(decision), note, found[0])
    return RedirectResponse(f"/review/v/{vid}", status_code=303, headers=_HEADERS)
