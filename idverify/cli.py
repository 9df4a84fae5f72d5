"""``idverify`` command line (CONTRACT.md §1).

Exit codes: 0 whenever a verdict (or match result) was produced, 2 on a usage
error, 1 when no verdict could be produced. Exactly one JSON object goes to
stdout; logs go to stderr and never carry personal data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from idverify.errors import ConfigError, IdVerifyError
from idverify.models import Claim

__all__ = ["main"]

log = logging.getLogger("idverify")


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="idverify", description="Verify Japanese identity documents.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    verify = sub.add_parser("verify", help="verify a request made of one or more files")
    verify.add_argument("files", nargs="+", type=Path, metavar="FILE")
    verify.add_argument("--name", required=True)
    verify.add_argument("--kana")
    verify.add_argument("--address")
    verify.add_argument("--birth-date", type=_date)
    verify.add_argument(
        "--policy",
        default="default",
        help="a packaged policy (default, photo_id_only) or a path to a policy .toml file",
    )
    verify.add_argument("--today", type=_date)
    verify.add_argument("--annotate", type=Path, metavar="DIR")
    match = sub.add_parser("match", help="compare a claimed and an observed value")
    match.add_argument("kind", choices=["name", "address"])
    match.add_argument("claimed", nargs="?")
    match.add_argument("observed", nargs="?")
    match.add_argument("--kana")
    match.add_argument("--pairs", type=Path, metavar="FILE", help="JSON lines of pairs")
    from idverify.service.cli import add_parsers

    add_parsers(sub)
    return parser


def _emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        args = _parser().parse_args(argv)
    except _UsageError as exc:
        _emit(_error("USAGE", str(exc)))
        return 2
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        if args.command == "verify":
            return _verify(args)
        if args.command == "match":
            return _match(args)
        from idverify.service.cli import run

        return run(args)
    except _UsageError as exc:
        _emit(_error("USAGE", str(exc)))
        return 2
    except IdVerifyError as exc:
        log.error("no verdict: %s", type(exc).__name__)
        _emit(_error(type(exc).__name__, str(exc)))
        return 1
    except Exception as exc:
        # The message of an unexpected error could quote input; only its type is shown.
        log.error("internal error: %s", type(exc).__name__)
        _emit(_error("INTERNAL", f"internal error ({type(exc).__name__})"))
        return 1


def _verify(args: argparse.Namespace) -> int:
    from idverify.annotate import annotate, to_png
    from idverify.pipeline import Upload, Verifier
    from idverify.policy import get_policy, load_policy
    from idverify.report import to_dict

    try:
        # A name picks a packaged policy; a path to a .toml file loads that file.
        policy = (
            load_policy(args.policy) if args.policy.endswith(".toml") else get_policy(args.policy)
        )
    except ConfigError as exc:
        raise _UsageError(str(exc)) from exc
    if not args.name.strip():
        raise _UsageError("--name must not be empty")
    uploads: list[Upload] = []
    for path in args.files:
        try:
            uploads.append(Upload(path.name, path.read_bytes()))
        except OSError as exc:
            raise _UsageError(f"cannot read {path}: {exc.strerror}") from exc
    claim = Claim(name=args.name, kana=args.kana, address=args.address, birth_date=args.birth_date)
    result = Verifier().verify(uploads, claim, policy=policy, today=args.today)
    if args.annotate is not None:
        args.annotate.mkdir(parents=True, exist_ok=True)
        for i, doc in enumerate(result.documents):
            if doc.image is None:
                continue
            image = annotate(doc.image, doc.evidence.reading, result.decision.outcomes.get(i))
            (args.annotate / f"{i:02d}_{Path(doc.file).stem}.png").write_bytes(to_png(image))
    _emit(to_dict(result))
    return 0


def _match(args: argparse.Namespace) -> int:
    from idverify.match import match_address, match_name

    def one(claimed: str, observed: str, kana: str | None) -> dict[str, Any]:
        if args.kind == "name":
            r = match_name(claimed, observed)
        else:
            r = match_address(claimed, observed)
        return {"outcome": r.outcome.value, "score": round(r.score, 1), "detail": r.detail}

    if args.pairs is not None:
        try:
            lines = args.pairs.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise _UsageError(f"cannot read {args.pairs}: {exc.strerror}") from exc
        results = []
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                pair = json.loads(line)
                results.append(one(str(pair["claimed"]), str(pair["observed"]), pair.get("kana")))
            except (ValueError, KeyError, TypeError) as exc:
                raise _UsageError(f"line {n} of {args.pairs} is not a pair") from exc
        for r in results:
            _emit(r)
        return 0
    if args.claimed is None or args.observed is None:
        raise _UsageError("match needs CLAIMED and OBSERVED, or --pairs FILE")
    _emit(one(args.claimed, args.observed, args.kana))
    return 0


if __name__ == "__main__":
    sys.exit(main())
