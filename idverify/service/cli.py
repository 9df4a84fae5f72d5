"""``idverify serve``, ``idverify keys``, ``idverify reviewers``, ``idverify purge``."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

# One JSON object per line on stdout, as every other command prints.
from idverify.cli import _emit

__all__ = ["add_parsers", "run"]


def add_parsers(sub: Any) -> None:
    """Add the service's subcommands to the CLI's subparsers."""
    serve = sub.add_parser("serve", help="run the HTTP service (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    # Each worker holds its own OCR models (~1.5 GiB); two suit two cores.
    serve.add_argument("--workers", type=int, default=2)
    keys = sub.add_parser("keys", help="API keys of DSAR systems")
    keys_sub = keys.add_subparsers(dest="action", required=True)
    create = keys_sub.add_parser("create", help="create a key (shown once)")
    create.add_argument("name")
    keys_sub.add_parser("list", help="list keys (never the keys themselves)")
    revoke = keys_sub.add_parser("revoke", help="revoke a key by id or prefix")
    revoke.add_argument("key_id")
    rev = sub.add_parser("reviewers", help="reviewer accounts of the /review page")
    rev_sub = rev.add_subparsers(dest="action", required=True)
    add = rev_sub.add_parser("add", help="create a reviewer or set a password")
    add.add_argument("username")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    disable = rev_sub.add_parser("disable", help="disable a reviewer")
    disable.add_argument("username")
    sub.add_parser("purge", help="erase verifications past the retention period")


def run(args: argparse.Namespace) -> int:
    """Run a service subcommand; the exit code."""
    from idverify.errors import ConfigError
    from idverify.service.config import ServiceConfig
    from idverify.service.crypto import Sealer
    from idverify.service.db import make_engine, migrate
    from idverify.service.store import Store

    try:
        config = ServiceConfig.from_env()
    except ConfigError as exc:  # a bad IDVERIFY_* setting is the operator's usage error
        _emit({"error": {"code": "USAGE", "message": str(exc)}})
        return 2
    engine = make_engine(config.database_url)
    migrate(engine)
    if args.command == "serve":
        import uvicorn

        engine.dispose()
        uvicorn.run(
            "idverify.service.app:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="info",
        )
        return 0
    store = Store(engine, Sealer(config.encryption_key))
    if args.command == "keys":
        if args.action == "create":
            record, key, secret = store.create_key(args.name[:100])
            _emit(
                {
                    "id": record.id,
                    "name": record.name,
                    "key": key,
                    "callback_secret": secret,
                    "note": "the key and secret are shown once; store them now",
                }
            )
        elif args.action == "list":
            for k in store.api_keys():
                _emit(
                    {
                        "id": k.id,
                        "name": k.name,
                        "prefix": k.prefix,
                        "created_at": k.created_at.isoformat(),
                        "revoked_at": k.revoked_at.isoformat() if k.revoked_at else None,
                    }
                )
        else:
            if not store.revoke_key(args.key_id):
                _emit({"error": {"code": "NOT_FOUND", "message": "no live key with that id"}})
                return 1
            _emit({"revoked": args.key_id})
        return 0
    if args.command == "reviewers":
        if args.action == "add":
            if args.password_stdin:
                password = sys.stdin.readline().rstrip("\n")
            else:
                password = getpass.getpass("password: ")
            if len(password) < 12:
                _emit({"error": {"code": "USAGE", "message": "use at least 12 characters"}})
                return 2
            store.add_reviewer(args.username[:100], password)
            _emit({"reviewer": args.username[:100]})
        else:
            if not store.disable_reviewer(args.username):
                _emit({"error": {"code": "NOT_FOUND", "message": "no such reviewer"}})
                return 1
            _emit({"disabled": args.username})
        return 0
    purged = store.purge(config.retention_days)
    interrupted = store.abandon_unfinished()
    _emit({"purged": purged, "interrupted": interrupted, "retention_days": config.retention_days})
    return 0
