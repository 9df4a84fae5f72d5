"""Runs verifications for the service: the OCR engines are loaded once per
process and used by one request at a time each (Tesseract's API objects are not
thread-safe), off the event loop."""

from __future__ import annotations

import datetime as dt
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from idverify.annotate import annotate, to_png
from idverify.models import Claim
from idverify.pipeline import Upload, Verifier
from idverify.policy import Policy
from idverify.report import to_dict

__all__ = ["Outcome", "Runner"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """A verdict as the API returns it and the masked reviewer image of each document."""

    result: dict[str, Any]
    pngs: tuple[tuple[int, bytes], ...]  # (document index, PNG)


class Runner:
    """A small pool of :class:`Verifier` objects (``size`` of them)."""

    def __init__(self, size: int = 1, factory: Callable[[], Verifier] = Verifier) -> None:
        self._factory = factory
        self._size = size
        self._pool: queue.Queue[Verifier] = queue.Queue()
        self._made = 0
        self._lock = threading.Lock()
        self._ready = False

    def _take(self, wait: bool = True) -> Verifier | None:
        try:
            return self._pool.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            make = self._made < self._size
            if make:
                self._made += 1
        if make:
            return self._factory()
        return self._pool.get() if wait else None

    def load(self) -> None:
        """Load the OCR models now (readiness): raises when Tesseract is missing.
        While every verifier is busy verifying, its models are in use: ready."""
        if self._ready:
            return
        verifier = self._take(wait=False)
        if verifier is None:
            return
        try:
            verifier.engine  # noqa: B018 - loads the models
        finally:
            self._pool.put(verifier)
        self._ready = True

    def verify(
        self, uploads: Sequence[Upload], claim: Claim, policy: Policy, today: dt.date
    ) -> Outcome:
        """Verify one request (blocking: call it from a worker thread)."""
        verifier = self._take()
        assert verifier is not None
        try:
            result = verifier.verify(uploads, claim, policy=policy, today=today)
        finally:
            self._pool.put(verifier)
        pngs = []
        for i, doc in enumerate(result.documents):
            if doc.image is None:
                continue
            image = annotate(doc.image, doc.evidence.reading, result.decision.outcomes.get(i))
            pngs.append((i, to_png(image)))
        return Outcome(to_dict(result), tuple(pngs))
