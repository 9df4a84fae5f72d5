"""The benchmark: the verifier against a naive baseline on a fresh labelled set.

``python -m bench.run [--n 300] [--seed 20261122] [--workers 2] [--json out.json]
[--condition blur ...] [--baseline/--no-baseline]``

Generates ``n`` labelled requests with the sample generator, spread evenly over the
capture conditions (``samples.build.CONDITIONS``: scan, easy and hard phone photos,
glare, blur, any in-plane rotation, low resolution, two cards on one A4 scan, a
multi-page PDF, too little light, a document cut off by the photo's edge) and,
within each, over the six document types; about a quarter are negative (an
impostor, an expired document, a legible value that must be masked, a broken MRZ, a
certificate issued too long ago). Some captures are deliberately too poor to verify
(strong blur, a tiny card, glare over the name or address, a photo far too dark, a
document cut off): for those the right verdict is review with IMAGE_QUALITY_LOW, or
fail, never pass.

Every request goes through our ``Verifier`` and through ``bench.baseline`` (whole-image
Tesseract plus ``partial_ratio >= 80``), each in its own pool of worker processes
(``--workers``, default 2): a worker loads its OCR models once, and the baseline's
``jpn`` model is never loaded beside the verifier's (loading a model sets some of
Tesseract's parameters process-wide). It prints Markdown tables, ours and the
baseline side by side: verdict accuracy, false-accept rate (negative or unreadable
requests that passed), false-reject rate (genuine readable requests that failed),
genuine pass and review rates, field accuracy (ours), latency median and 95th
percentile, peak memory; per condition and per document type; and the reason codes of
our genuine readable requests that did not pass. Only counts, rates and reason codes
are printed or written, never a name, address or number.

The default seed (20261122) was never used while tuning thresholds (tuning: the
committed samples, seed 7, and development seeds 1000-1999; the tests: 4242).
Exits 1 if any negative or unreadable request passed our verifier.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import math
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.evaluate import FIELDS, _claim, _field_right
from samples.build import CONDITIONS, DOC_TYPES, eval_case

__all__ = [
    "DEFAULT_SEED",
    "Row",
    "Task",
    "correct",
    "main",
    "markdown",
    "plan",
    "run",
    "summarise",
]

DEFAULT_SEED = 20261122

# What each condition is, for the table (no personal data).
CONDITION_LABELS = {
    "scan": "flat scan",
    "phone_easy": "phone photo, easy",
    "phone_hard": "phone photo, hard",
    "glare": "glare",
    "blur": "blur (graded)",
    "rotation": "any rotation",
    "lowres": "low resolution",
    "a4_two_cards": "A4 with two cards",
    "pdf": "multi-page PDF",
    "dark": "too little light (graded)",
    "cut_off": "document cut off",
}


@dataclass(frozen=True, slots=True)
class Task:
    """One request to build and verify: ``eval_case(seed, index, doc_types, condition)``."""

    seed: int
    condition: str
    index: int
    doc_types: tuple[str, ...]


@dataclass(slots=True)
class Row:
    """One verified request, without any personal data."""

    id: str
    condition: str
    doc_type: str
    genuine: bool
    readable: bool
    severity: float | None
    detail: str
    expected_verdict: str
    expected_reasons: tuple[str, ...]
    verdict: str
    codes: tuple[str, ...]
    seconds: float
    fields_right: dict[str, bool | None]
    baseline_verdict: str | None = None
    baseline_seconds: float | None = None
    extra: dict[str, float] = field(default_factory=dict)  # generation time, worker RSS


def plan(n: int, seed: int, conditions: Sequence[str] = CONDITIONS) -> list[Task]:
    """``n`` tasks, round-robin over ``conditions``; within a condition the document
    types cycle, starting one type further for each condition (so that even one
    request per condition covers every type once there are six conditions)."""
    if not conditions:
        raise ValueError("no condition to run")
    tasks = []
    for k in range(n):
        j = k % len(conditions)
        shift = j % len(DOC_TYPES)
        doc_types = DOC_TYPES[shift:] + DOC_TYPES[:shift]
        tasks.append(Task(seed, conditions[j], k // len(conditions), doc_types))
    return tasks


def at_risk(row: Row) -> bool:
    """Whether a pass of ``row`` would be a false accept: a negative request, or a
    capture too poor to verify."""
    return not row.genuine or not row.readable


def correct(row: Row, verdict: str, codes: Iterable[str] = ()) -> bool:
    """Whether ``verdict`` (with reason ``codes``) is the right one for ``row``: for a
    capture too poor to verify, fail or review with IMAGE_QUALITY_LOW; otherwise
    the expected verdict."""
    if not row.readable:
        return verdict == "fail" or (verdict == "review" and "IMAGE_QUALITY_LOW" in set(codes))
    return verdict == row.expected_verdict


# ------------------------------------------------------------------------ workers

_worker: dict[str, Any] = {}


def _limit_threads() -> None:
    # Two worker processes on two cores: OCR and OpenCV each stay on one thread, as
    # the service's container does (OMP_THREAD_LIMIT=1 in the Dockerfile).
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    import cv2

    cv2.setNumThreads(1)


def _max_rss_kib() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _ours_init(workdir: str) -> None:
    _limit_threads()
    from idverify.pipeline import Verifier

    verifier = Verifier()
    verifier.engine  # noqa: B018 - load every model before the first timed request
    _worker["verifier"] = verifier
    _worker["workdir"] = workdir


def _ours_run(task: Task) -> tuple[Row, dict[str, Any]]:
    """Build the request, keep its first file for the baseline, verify it."""
    from idverify.pipeline import Upload, Verifier

    verifier: Verifier = _worker["verifier"]
    started = time.perf_counter()
    case = eval_case(task.seed, task.index, task.doc_types, task.condition)
    generated = time.perf_counter() - started
    path = Path(_worker["workdir"]) / f"{case.id}{Path(case.file_names[0]).suffix}"
    path.write_bytes(case.files[0])
    uploads = [Upload(a, b) for a, b in zip(case.file_names, case.files, strict=True)]
    started = time.perf_counter()
    result = verifier.verify(uploads, _claim(case.claim), today=dt.date.fromisoformat(case.today))
    seconds = time.perf_counter() - started
    reading = result.documents[0].evidence.reading if result.documents else None
    fields = reading.fields if reading is not None else {}
    row = Row(
        id=case.id,
        condition=case.capture,
        doc_type=case.doc_type,
        genuine=case.genuine,
        readable=case.readable,
        severity=None if case.severity is None else round(case.severity, 3),
        detail=case.detail,
        expected_verdict=case.expected_verdict,
        expected_reasons=case.expected_reasons,
        verdict=result.decision.verdict.value,
        codes=tuple(sorted({r.code for r in result.decision.reasons})),
        seconds=seconds,
        fields_right={k: _field_right(k, fields, case.truth) for k in FIELDS},
        extra={"generate_s": generated, "worker_rss_kib": _max_rss_kib()},
    )
    # What the baseline needs, kept in memory only (never printed or written).
    private = {"path": str(path), "name": case.claim["name"], "address": case.claim.get("address")}
    return row, private


def _baseline_init() -> None:
    _limit_threads()
    from bench.baseline import Baseline

    _worker["baseline"] = Baseline()


def _baseline_run(job: tuple[str, str, str, str | None]) -> tuple[str, str, float, int]:
    from bench.baseline import Baseline
    from idverify.models import Claim

    row_id, path, name, address = job
    baseline: Baseline = _worker["baseline"]
    data = Path(path).read_bytes()
    started = time.perf_counter()
    result = baseline.verify([data], Claim(name=name, address=address))
    return row_id, result.verdict, time.perf_counter() - started, _max_rss_kib()


# ------------------------------------------------------------------------ running


def _progress(what: str, done: int, total: int, started: float) -> None:
    if done % 25 == 0 or done == total:
        print(
            f"  {what}: {done}/{total} in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )


def run(tasks: Sequence[Task], *, workers: int = 2, baseline: bool = True) -> dict[str, Any]:
    """Verify every task with ours (and the baseline), in ``workers`` processes each.

    Returns ``{"rows": [...], "memory": {...}, "wall_s": {...}}``, rows in task order.
    """
    ctx = multiprocessing.get_context("spawn")
    rows: list[Row] = []
    private: dict[str, dict[str, Any]] = {}
    wall: dict[str, float] = {}
    memory: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="idverify-bench-") as workdir:
        started = time.perf_counter()
        with ctx.Pool(workers, initializer=_ours_init, initargs=(workdir,)) as pool:
            for done, (row, extra) in enumerate(pool.imap(_ours_run, tasks), start=1):
                rows.append(row)
                private[row.id] = extra
                _progress("ours", done, len(tasks), started)
        wall["ours"] = time.perf_counter() - started
        memory["ours_worker_max_rss_kib"] = max(int(r.extra["worker_rss_kib"]) for r in rows)
        if baseline:
            jobs = [
                (r.id, private[r.id]["path"], private[r.id]["name"], private[r.id]["address"])
                for r in rows
            ]
            by_id = {r.id: r for r in rows}
            started = time.perf_counter()
            rss = 0
            with ctx.Pool(workers, initializer=_baseline_init) as pool:
                results = pool.imap_unordered(_baseline_run, jobs)
                for done, (row_id, verdict, seconds, worker_rss) in enumerate(results, start=1):
                    by_id[row_id].baseline_verdict = verdict
                    by_id[row_id].baseline_seconds = seconds
                    rss = max(rss, worker_rss)
                    _progress("baseline", done, len(jobs), started)
            wall["baseline"] = time.perf_counter() - started
            memory["baseline_worker_max_rss_kib"] = rss
    memory["parent_max_rss_kib"] = _max_rss_kib()
    return {"rows": rows, "memory": memory, "wall_s": wall}


# ---------------------------------------------------------------------- summaries


def _rate(k: int, n: int) -> float | None:
    return round(k / n, 4) if n else None


def _percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q`` quantile by the nearest-rank method (None for no values)."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(q * len(ordered)) - 1)], 3)


def _system(rows: Sequence[Row], ours: bool) -> dict[str, Any]:
    """The verdict figures of one system (ours, or the baseline) over ``rows``."""

    def verdict(r: Row) -> str | None:
        return r.verdict if ours else r.baseline_verdict

    judged = [r for r in rows if verdict(r) is not None]
    risky = [r for r in judged if at_risk(r)]
    genuine = [r for r in judged if not at_risk(r)]
    seconds = [r.seconds if ours else float(r.baseline_seconds or 0.0) for r in judged]
    accepted = [r for r in risky if verdict(r) == "pass"]
    rejected = sum(verdict(r) == "fail" for r in genuine)
    passed = sum(verdict(r) == "pass" for r in genuine)
    reviewed = sum(verdict(r) == "review" for r in genuine)
    right = sum(correct(r, str(verdict(r)), r.codes if ours else ()) for r in judged)
    return {
        "judged": len(judged),
        "correct": right,
        "verdict_accuracy": _rate(right, len(judged)),
        "false_accepts": len(accepted),
        "false_accept_rate": _rate(len(accepted), len(risky)),
        "negatives_passed": sum(not r.genuine for r in accepted),
        "unreadable_passed": sum(r.genuine and not r.readable for r in accepted),
        "false_rejects": rejected,
        "false_reject_rate": _rate(rejected, len(genuine)),
        "genuine_pass": passed,
        "genuine_pass_rate": _rate(passed, len(genuine)),
        "genuine_review": reviewed,
        "genuine_review_rate": _rate(reviewed, len(genuine)),
        "latency_p50_s": _percentile(seconds, 0.5),
        "latency_p95_s": _percentile(seconds, 0.95),
    }


def _group(rows: Sequence[Row]) -> dict[str, Any]:
    readable = [r for r in rows if r.readable]
    genuine = [r for r in rows if not at_risk(r)]
    reasons = collections.Counter(c for r in genuine if r.verdict != "pass" for c in r.codes)
    accuracy: dict[str, float | None] = {}
    shown: dict[str, int] = {}
    for key in FIELDS:
        # Over the readable requests whose document prints the field at all.
        printed = [r for r in readable if r.fields_right[key] is not None]
        accuracy[key] = _rate(sum(r.fields_right[key] is True for r in printed), len(printed))
        shown[key] = len(printed)
    return {
        "cases": len(rows),
        "genuine_readable": len(genuine),
        "negatives": sum(not r.genuine for r in rows),
        "unreadable": sum(not r.readable for r in rows),
        "at_risk": sum(at_risk(r) for r in rows),
        "ours": _system(rows, ours=True),
        "baseline": _system(rows, ours=False),
        "field_accuracy": accuracy,
        "field_cases": shown,
        "genuine_non_pass_reasons": dict(reasons.most_common()),
        "genuine_verdicts": dict(collections.Counter(r.verdict for r in genuine)),
    }


def summarise(rows: Sequence[Row]) -> dict[str, dict[str, Any]]:
    """The figures of ``rows`` per group: ``all``, ``condition/<c>``, ``type/<t>``,
    and ``condition/<c>/readable`` or ``/unreadable`` where a condition has both."""
    groups: dict[str, list[Row]] = collections.defaultdict(list)
    for row in rows:
        groups["all"].append(row)
        groups[f"condition/{row.condition}"].append(row)
        groups[f"type/{row.doc_type}"].append(row)
        groups[f"condition/{row.condition}/{'readable' if row.readable else 'unreadable'}"].append(
            row
        )
    order = (
        ["all"]
        + [f"condition/{c}" for c in CONDITIONS]
        + [f"condition/{c}/{k}" for c in CONDITIONS for k in ("readable", "unreadable")]
        + [f"type/{t}" for t in DOC_TYPES]
    )
    out: dict[str, dict[str, Any]] = {}
    for key in order:
        if key not in groups:
            continue
        parent = key.rsplit("/", 1)[0]
        if key.endswith("readable") and len(groups[key]) == len(groups.get(parent, [])):
            continue  # a condition without unreadable captures: the split says nothing
        out[key] = _group(groups[key])
    return out


# ------------------------------------------------------------------------ report


def _fraction(k: int, n: int) -> str:
    return f"{k}/{n} ({100 * k / n:.0f} %)" if n else "–"


def _label(key: str) -> str:
    if key == "all":
        return "**all**"
    kind, _, rest = key.partition("/")
    if kind == "type":
        return rest.replace("_", " ")
    condition, _, part = rest.partition("/")
    label = CONDITION_LABELS.get(condition, condition)
    return f"{label}: {part}" if part else label


def _seconds(p50: float | None, p95: float | None) -> str:
    return "–" if p50 is None or p95 is None else f"{p50:.2f} / {p95:.2f}"


def markdown(summary: dict[str, dict[str, Any]], memory: dict[str, int]) -> str:
    """The report as Markdown: the side-by-side table, fields and latency, memory,
    and our genuine non-pass reasons per condition."""
    with_baseline = summary["all"]["baseline"]["judged"] > 0
    lines = [
        "| group | requests (genuine / negative / unreadable) | verdict accuracy, ours | "
        "baseline | false accepts, ours | baseline | false rejects, ours | baseline | "
        "genuine pass, ours | baseline | genuine review, ours |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key, s in summary.items():
        o, b = s["ours"], s["baseline"]
        g, risky = s["genuine_readable"], s["at_risk"]

        def base(text: str) -> str:
            return text if with_baseline else "–"

        lines.append(
            f"| {_label(key)} | {s['cases']} ({g} / {s['negatives']} / {s['unreadable']}) "
            f"| {_fraction(o['correct'], o['judged'])} "
            f"| {base(_fraction(b['correct'], b['judged']))} "
            f"| {_fraction(o['false_accepts'], risky)} "
            f"| {base(_fraction(b['false_accepts'], risky))} "
            f"| {_fraction(o['false_rejects'], g)} | {base(_fraction(b['false_rejects'], g))} "
            f"| {_fraction(o['genuine_pass'], g)} | {base(_fraction(b['genuine_pass'], g))} "
            f"| {_fraction(o['genuine_review'], g)} |"
        )
    lines += [
        "",
        "| group | name | address | birth date | expiry | issue date | latency p50 / p95, ours "
        "| baseline |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, s in summary.items():
        fa = s["field_accuracy"]
        cells = " | ".join("–" if fa[k] is None else f"{fa[k]:.2f}" for k in FIELDS)
        o, b = s["ours"], s["baseline"]
        lines.append(
            f"| {_label(key)} | {cells} | {_seconds(o['latency_p50_s'], o['latency_p95_s'])} s "
            f"| {_seconds(b['latency_p50_s'], b['latency_p95_s'])} s |"
        )
    mib = {k: v / 1024 for k, v in memory.items()}
    lines += [
        "",
        "Peak memory (max RSS): ours "
        f"{mib.get('ours_worker_max_rss_kib', 0):.0f} MiB per worker, baseline "
        f"{mib.get('baseline_worker_max_rss_kib', 0):.0f} MiB per worker, parent "
        f"{mib.get('parent_max_rss_kib', 0):.0f} MiB.",
        "",
        "Our genuine readable requests that did not pass, reason codes per condition:",
        "",
    ]
    for c in CONDITIONS:
        if f"condition/{c}" not in summary:
            continue
        group = summary[f"condition/{c}"]
        verdicts = group["genuine_verdicts"]
        reasons = ", ".join(f"`{k}` {v}" for k, v in group["genuine_non_pass_reasons"].items())
        lines.append(
            f"- {CONDITION_LABELS[c]}: review {verdicts.get('review', 0)}, "
            f"fail {verdicts.get('fail', 0)} — {reasons or 'none'}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run from the command line; exits 1 if any negative or unreadable request passed."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--n", type=int, default=300, help="requests in all (default 300)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write the figures and rows (no personal data)")
    parser.add_argument(
        "--condition", action="append", choices=list(CONDITIONS), help="repeat for several"
    )
    parser.add_argument("--baseline", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args(argv)
    if args.n < 1 or args.workers < 1:
        parser.error("--n and --workers must be at least 1")
    tasks = plan(args.n, args.seed, args.condition or list(CONDITIONS))
    started = time.perf_counter()
    print(f"{len(tasks)} requests, seed {args.seed}, {args.workers} workers", file=sys.stderr)
    result = run(tasks, workers=args.workers, baseline=args.baseline)
    wall = time.perf_counter() - started
    summary = summarise(result["rows"])
    print(markdown(summary, result["memory"]))
    ours = summary["all"]["ours"]
    print(
        f"\nWall time {wall:.0f} s (ours {result['wall_s']['ours']:.0f} s"
        + (f", baseline {result['wall_s']['baseline']:.0f} s" if args.baseline else "")
        + f"); median generation of a request "
        f"{statistics.median(r.extra['generate_s'] for r in result['rows']):.2f} s."
    )
    if args.json:
        payload = {
            "seed": args.seed,
            "n": len(tasks),
            "workers": args.workers,
            "wall_s": {**result["wall_s"], "total": wall},
            "memory_kib": result["memory"],
            "summary": summary,
            "rows": [asdict(r) for r in result["rows"]],
        }
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    if ours["false_accepts"]:
        print(f"FALSE ACCEPTS: {ours['false_accepts']}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
