"""Deterministic synthetic Japanese ID documents for tests, samples and evaluation.

Everything here is invented: the people are random combinations of common family and
given names, the addresses are real municipalities with made-up block numbers, and the
numbers on the cards follow no real issuing scheme. The package does not import
``idverify`` on purpose, so that the generator cannot quietly share a bug (an era-date
off-by-one, say) with the code it is meant to test.

Modules:

- ``samples.people``  -- ``Person``, ``random_person``, ``near_miss`` and notation helpers.
- ``samples.render``  -- card renderers returning ``RenderedDocument`` with ground-truth boxes.
- ``samples.capture`` -- flatbed scan, phone photo and A4 photocopy simulators.
- ``samples.build``   -- the committed sample set (``python -m samples.build``) and
  ``iter_eval_cases`` for evaluation corpora of any size.
"""

from __future__ import annotations

__all__: list[str] = []
