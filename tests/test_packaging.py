"""The installed package (as the Dockerfile installs it: ``pip install .``, not
editable) holds every file the code reads at run time."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_holds_every_data_file_and_migration(tmp_path: Path) -> None:
    # Built from a copy: a build writes into its source tree.
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "idverify", source / "idverify", ignore=shutil.ignore_patterns("__pycache__")
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path),
         str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    [wheel] = tmp_path.glob("idverify-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = [
        p.relative_to(ROOT).as_posix()
        for folder in ("idverify/data", "idverify/service/migrations")
        for p in (ROOT / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    assert wanted and [w for w in wanted if w not in names] == []
