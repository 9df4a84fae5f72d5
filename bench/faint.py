"""Faint sensitive values: does a value that must be masked, printed pale, ever pass?

``python -m bench.faint --doc resident_certificate --n 5 --contrast 30 50 --capture scan``

Each request is a genuine requester's (their own document, its companion document
where one is needed, their own claim) but for one thing: the document shows a value
that must not be collected (a certificate's 本籍 or 個人番号, a health card's
numbers, a passport's 本籍), faded to ``contrast`` grey levels under the paper
(:func:`samples.render.faded`): legible to a person. Every such request must be
``review`` or ``fail``; a ``pass`` is a false accept. Prints counts per contrast and
capture, never a name, an address or a number.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
from collections.abc import Sequence

from bench.evaluate import _claim
from idverify.pipeline import Upload, Verifier
from samples import build
from samples.people import random_person
from samples.render import faded

__all__ = ["main"]

# The document types that carry a value to mask, and the keys of ``sensitive`` that
# hold it (a certificate holds one of the two, the other masked or not printed).
FADED_KEYS = {
    "resident_certificate": ("domicile", "individual_number"),
    "health_insurance_card": ("symbol_number", "insurer_number"),
    "passport": ("domicile",),
}
CAPTURES = ("scan", "phone_easy", "phone_hard")


def request(
    doc_type: str, index: int, contrast: int, capture: str
) -> tuple[list[Upload], dict[str, str]]:
    """The uploads and claim of request ``index``: the same person and document at
    every contrast and capture (seeded by ``doc_type`` and ``index`` alone)."""
    rng = random.Random(f"faint:{doc_type}:{index}")
    person = random_person(rng)
    doc = build.document_for(doc_type, person, rng, "sensitive")
    keys = tuple(k for k in FADED_KEYS[doc_type] if k in doc.sensitive)
    documents = [faded(doc, keys, contrast)]
    companion = build.COMPANIONS.get(doc_type)
    if companion is not None:
        documents.append(build.document_for(companion, person, rng))
    uploads = []
    for k, document in enumerate(documents):
        capture_rng = random.Random(f"faint:{doc_type}:{index}:{capture}:{k}")
        data, name = build._capture(document, capture_rng, capture, f"{index:05d}_{k}")
        uploads.append(Upload(name, data))
    claim = build.claim_for(person, address=person.address)
    if doc_type == "passport":
        del claim["address"]  # a passport holder's request states no address
    return uploads, claim


def main(argv: Sequence[str] | None = None) -> int:
    """Run the faint-value requests; exit 1 if any passed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--doc", choices=sorted(FADED_KEYS), required=True)
    parser.add_argument("--n", type=int, default=5, help="documents (people)")
    parser.add_argument("--contrast", type=int, nargs="+", default=[30, 50, 70])
    parser.add_argument("--capture", choices=CAPTURES, nargs="+", default=list(CAPTURES))
    args = parser.parse_args(argv)
    verifier = Verifier()
    counts: dict[tuple[int, str], collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    passed: list[str] = []
    for index in range(args.n):
        for contrast in args.contrast:
            for capture in args.capture:
                uploads, claim = request(args.doc, index, contrast, capture)
                result = verifier.verify(uploads, _claim(claim), today=build.TODAY)
                verdict = result.decision.verdict.value
                counts[(contrast, capture)][verdict] += 1
                if verdict == "pass":
                    passed.append(f"{args.doc} #{index} contrast {contrast} {capture}")
    print(f"{args.doc}: pass / review / fail per contrast and capture")
    for (contrast, capture), c in sorted(counts.items()):
        print(f"  {contrast:3d} {capture:10s} {c['pass']} / {c['review']} / {c['fail']}")
    total = sum(sum(c.values()) for c in counts.values())
    print(f"passed with a legible value: {len(passed)} of {total}")
    for line in passed:
        print(f"  {line}")
    return 1 if passed else 0


if __name__ == "__main__":
    sys.exit(main())
