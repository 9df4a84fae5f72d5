"""The command line of CONTRACT.md §1: one JSON object on stdout, exit codes 0/1/2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from idverify.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "images"
SCAN = SAMPLES / "dl_yamada_front_scan.png"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main(list(argv))
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1, out  # exactly one JSON object
    return code, json.loads(lines[0])


def test_verify_prints_the_contract_shape(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out = run(
        capsys, "verify", str(SCAN), "--name", "山田 太郎",
        "--address", "東京都千代田区丸の内1-4-1", "--birth-date", "1985-04-01",
        "--today", "2026-11-22", "--annotate", str(tmp_path),
    )  # fmt: skip
    assert code == 0
    assert out["verdict"] == "pass", out["reasons"]
    assert set(out) == {"verdict", "reasons", "documents", "elapsed_ms"}
    (doc,) = out["documents"]
    assert doc["type"] == "drivers_license" and doc["side"] == "front"
    assert doc["has_photo"] is True
    assert doc["fields"]["birth_date"] == "1985-04-01"
    assert set(doc["scores"]) == {"name", "address"}
    # The reviewer image was written, one per document.
    assert [p.suffix for p in tmp_path.iterdir()] == [".png"]


def test_a_mismatch_is_a_verdict_with_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "verify", str(SCAN), "--name", "山田 次郎", "--today", "2026-11-22")
    assert code == 0
    assert out["verdict"] == "fail"
    reason = out["reasons"][0]
    assert reason["code"] == "NAME_MISMATCH" and reason["document"] == 0
    assert reason["severity"] == "fail" and " / " in reason["message"]
    # The message names the component, never the values.
    assert "次郎" not in json.dumps(out["reasons"], ensure_ascii=False)


def test_unreadable_file_is_a_fail_verdict(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bogus = tmp_path / "letter.jpg"
    bogus.write_text("Dear Sir, please find attached ...")
    code, out = run(capsys, "verify", str(bogus), "--name", "山田 太郎")
    assert code == 0
    assert out["verdict"] == "fail"
    assert "IMAGE_UNREADABLE" in {r["code"] for r in out["reasons"]}
    assert out["documents"][0]["type"] == "unknown"


@pytest.mark.parametrize(
    "argv",
    [
        ["verify", str(SCAN)],  # no --name
        ["verify", str(SCAN), "--name", "山田", "--policy", "nonexistent"],
        ["verify", str(SCAN), "--name", "山田", "--policy", "/no/such/policy.toml"],
        ["verify", str(SCAN), "--name", "山田", "--today", "22/11/2026"],
        ["verify", str(SCAN), "--name", "山田", "--birth-date", "1985-13-01"],
        ["verify", "/no/such/file.jpg", "--name", "山田"],
        ["verify", str(SCAN), "--name", "   "],
        ["frobnicate"],
        ["match", "name", "山田"],
    ],
)
def test_usage_errors_exit_2_with_a_json_error(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out = run(capsys, *argv)
    assert code == 2
    assert out["error"]["code"] == "USAGE" and out["error"]["message"]


def test_unknown_policy_lists_the_valid_ones(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(capsys, "verify", str(SCAN), "--name", "山田", "--policy", "strictest")
    assert "default" in out["error"]["message"] and "photo_id_only" in out["error"]["message"]


def test_a_policy_file_is_selected_by_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    strict = tmp_path / "strict.toml"
    # Accepts passports only: the bundled license scan is then not accepted.
    strict.write_text('name = "passports"\naccepted_types = ["passport"]\n', "utf-8")
    code, out = run(capsys, "verify", str(SCAN), "--name", "山田 太郎", "--policy", str(strict))
    assert code == 0
    assert out["verdict"] == "fail"
    assert "UNSUPPORTED_DOCUMENT" in {r["code"] for r in out["reasons"]}


@pytest.mark.parametrize(
    ("kind", "claimed", "observed", "outcome", "detail"),
    [
        ("name", "山田 太郎", "山田太郎", "same", ""),
        ("name", "山田 太郎", "山田 次郎", "different", "given name"),
        ("address", "千代田区丸の内1-4-1", "東京都千代田区丸の内一丁目4番1号", "same", ""),
        ("address", "千代田区丸の内1-4-2", "東京都千代田区丸の内一丁目4番1号", "different", "号"),
    ],
)
def test_match(
    capsys: pytest.CaptureFixture[str],
    kind: str, claimed: str, observed: str, outcome: str, detail: str,
) -> None:  # fmt: skip
    code, out = run(capsys, "match", kind, claimed, observed)
    assert code == 0
    assert out["outcome"] == outcome and out["detail"] == detail
    assert 0 <= out["score"] <= 100


def test_match_pairs_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        '{"claimed": "山田太郎", "observed": "山田 太郎"}\n'
        '{"claimed": "佐藤健", "observed": "佐藤健一"}\n',
        encoding="utf-8",
    )
    assert main(["match", "name", "--pairs", str(pairs)]) == 0
    results = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["outcome"] for r in results] == ["same", "different"]


def test_match_pairs_bad_line_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"claimed": "山田太郎"}\n', encoding="utf-8")
    assert main(["match", "name", "--pairs", str(pairs)]) == 2
