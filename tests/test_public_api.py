"""The public names: complete, importable, typed."""

from __future__ import annotations

import importlib
import pkgutil

import idverify


def test_all_is_complete_and_importable() -> None:
    for name in idverify.__all__:
        assert hasattr(idverify, name), name
    public = {n for n in dir(idverify) if not n.startswith("_") and n[0].isupper()}
    assert public <= set(idverify.__all__)


def test_every_module_declares_all() -> None:
    for info in pkgutil.walk_packages(idverify.__path__, "idverify."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        assert hasattr(module, "__all__"), info.name
        for name in module.__all__:
            assert hasattr(module, name), f"{info.name}.{name}"
