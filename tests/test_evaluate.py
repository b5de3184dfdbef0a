from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import cli
from extractor.evaluate import evaluate_files, fold, match, read_gold, score

SCORE_PY = Path("/work/shared/tools/score.py")
GOLD_HEADER = ["id", "metric", "value", "level", "place", "category", "year", "note"]
PRED_HEADER = ["doc_id", "language", "metric", "value", "level", "place", "category"]

GOLD = [
    ["a", "admitted", "195", "city", "Mong Cai", "", "2024", ""],
    ["a", "target", "195", "city", "Mong Cai", "", "2024", ""],
    ["a", "admitted", "20", "city", "Mong Cai", "students", "2024", ""],
    ["b", "achieved_pct", "38.5", "district", "Tien Yen", "", "2024", ""],
]
PRED = [
    ["a", "nl", "admitted", "195", "city", "Móng Cái", ""],  # strict (place folded)
    ["a", "nl", "target", "195.0", "city", "Uong Bi", ""],  # key only: wrong place
    ["a", "nl", "admitted", "999", "city", "Mong Cai", ""],  # false positive
    ["b", "de", "achieved_pct", "38,50", "city", "tien-yen", ""],  # strict, wrong level
    ["c", "nl", "admitted", "5", "unknown", "", ""],  # document without gold: false positive
]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _dicts(header: list[str], rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(header, r)) for r in rows]


def test_known_numbers_overall() -> None:
    s = score(_dicts(PRED_HEADER, PRED), _dicts(GOLD_HEADER, GOLD))
    o = s.overall
    assert (o.n_pred, o.n_gold, o.key_tp, o.strict_tp, o.level_ok) == (5, 4, 3, 2, 1)
    assert o.key_p == pytest.approx(0.6) and o.key_r == pytest.approx(0.75) and o.key_f1 == pytest.approx(2 / 3)
    assert o.strict_p == pytest.approx(0.4) and o.strict_r == pytest.approx(0.5)
    assert o.strict_f1 == pytest.approx(4 / 9)
    assert o.level_acc == pytest.approx(0.5)


def test_known_numbers_per_language_and_metric() -> None:
    s = score(_dicts(PRED_HEADER, PRED), _dicts(GOLD_HEADER, GOLD))
    nl, de = s.by_language["nl"], s.by_language["de"]
    assert (nl.n_docs, nl.n_pred, nl.n_gold, nl.key_tp, nl.strict_tp) == (2, 4, 3, 2, 1)
    assert nl.key_p == pytest.approx(0.5) and nl.key_r == pytest.approx(2 / 3)
    assert (de.n_pred, de.n_gold, de.key_f1, de.strict_f1) == (1, 1, 1.0, 1.0)
    admitted = s.by_metric["admitted"]
    assert (admitted.n_pred, admitted.n_gold, admitted.key_tp) == (3, 2, 1)
    assert admitted.key_p == pytest.approx(1 / 3) and admitted.key_r == pytest.approx(0.5)
    target = s.by_metric["target"]
    assert (target.key_f1, target.strict_f1) == (1.0, 0.0)
    assert set(s.by_metric) == {"admitted", "target", "achieved_pct"}


def test_documents_only_in_predictions_count_as_false_positives() -> None:
    gold = _dicts(GOLD_HEADER, GOLD[:1])
    with_extra = score(_dicts(PRED_HEADER, [PRED[0], PRED[4]]), gold).overall
    assert (with_extra.n_pred, with_extra.key_tp, with_extra.key_p) == (2, 1, 0.5)


def test_multiset_matching_counts_each_gold_row_once() -> None:
    gold = [{"id": "d", "metric": "admitted", "value": "10", "place": ""}] * 2
    pred = [{"doc_id": "d", "metric": "admitted", "value": "10", "place": ""}] * 3
    o = score(pred, gold).overall
    assert (o.key_tp, o.n_pred, o.n_gold) == (2, 3, 2)


def test_strict_pairs_are_taken_before_key_pairs() -> None:
    gold = [{"metric": "admitted", "value": "20", "place": "Bac Son"}]
    pred = [{"metric": "admitted", "value": "20", "place": "Uong Bi"},
            {"metric": "admitted", "value": "20", "place": "BAC-SON"}]
    prf = match(pred, gold)
    assert (prf.key_tp, prf.strict_tp) == (1, 1)


def test_a_document_scores_as_one_matching_of_all_its_rows() -> None:
    """The overall counts (summed over metrics) are those of matching each document's rows at once."""
    gold, pred = _dicts(GOLD_HEADER, GOLD), _dicts(PRED_HEADER, PRED)
    whole = [match([p for p in pred if p["doc_id"] == d], [g for g in gold if g["id"] == d]) for d in "abc"]
    o = score(pred, gold).overall
    assert (o.n_pred, o.n_gold, o.key_tp, o.strict_tp, o.level_ok, o.n_docs) == tuple(
        sum(getattr(w, k) for w in whole) for k in ("n_pred", "n_gold", "key_tp", "strict_tp", "level_ok", "n_docs"))


def test_no_predictions_and_no_gold_is_perfect_and_empty_predictions_score_zero() -> None:
    empty = score([], []).overall
    assert (empty.key_p, empty.key_r, empty.key_f1) == (1.0, 1.0, 1.0)
    missed = score([], _dicts(GOLD_HEADER, GOLD)).overall
    assert (missed.key_p, missed.key_r, missed.key_f1) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize("text, folded", [("Móng Cái", "mongcai"), ("Đầm Hà", "damha"), ("Tien-Yen ", "tienyen"), ("", "")])
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.fixture
def gold_tree(tmp_path: Path) -> Path:
    root = tmp_path / "corpora"
    _write(root / "nl" / "dev" / "gold.csv", GOLD_HEADER, [["a", "admitted", "195", "city", "Mong Cai", "", "2024", ""],
                                                           ["sub/b", "target", "3411", "province", "", "", "2024", ""]])
    _write(root / "de" / "dev" / "gold.csv", GOLD_HEADER, [["c", "achieved_pct", "102", "city", "Uong Bi", "", "2024", ""]])
    _write(root / ".hidden" / "gold.csv", GOLD_HEADER, [["z", "admitted", "1", "", "", "", "", ""]])
    return root


def test_gold_directory_prefixes_ids_with_the_split_path(gold_tree: Path) -> None:
    rows, scope = read_gold(gold_tree)
    assert sorted(r["id"] for r in rows) == ["de/dev/c", "nl/dev/a", "nl/dev/sub/b"]
    assert scope == ["de/dev/", "nl/dev/"]


def test_gold_directory_end_to_end(gold_tree: Path, tmp_path: Path) -> None:
    pred = _write(tmp_path / "f.csv", PRED_HEADER, [
        ["nl/dev/a", "", "admitted", "195", "city", "Mong Cai", ""],
        ["nl/dev/sub/b", "", "target", "3411", "province", "", ""],
        ["nl/dev/negative", "", "admitted", "7", "city", "", ""],  # negative article: false positive
        ["de/dev/c", "de", "achieved_pct", "102", "city", "Uong Bi", ""],
        ["xx/raw/z", "", "admitted", "9", "", "", ""],  # no gold file covers it: ignored
    ])
    s = evaluate_files(pred, gold_tree)
    assert s.ignored_pred == 1
    assert (s.overall.n_pred, s.overall.n_gold, s.overall.key_tp) == (4, 3, 3)
    assert s.overall.key_p == pytest.approx(0.75) and s.overall.key_r == 1.0
    nl = s.by_language["nl"]  # language from the path: the language column is empty
    assert (nl.n_docs, nl.n_pred, nl.key_tp) == (3, 3, 2)


def test_cli_evaluate_table_and_json(gold_tree: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    pred = _write(tmp_path / "f.csv", PRED_HEADER, [["nl/dev/a", "nl", "admitted", "195", "city", "Mong Cai", ""]])
    assert cli.main(["evaluate", str(pred), "--gold", str(gold_tree)]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split()[:5] == ["bucket", "docs", "pred", "gold", "P"]
    assert any(line.startswith("language nl") for line in table.splitlines())
    assert cli.main(["evaluate", str(pred), "--gold", str(gold_tree), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overall"]["key_p"] == 1.0 and data["overall"]["key_r"] == pytest.approx(1 / 3, abs=1e-3)
    assert data["languages"]["de"]["gold"] == 1 and data["metrics"]["admitted"]["key_tp"] == 1


def test_cli_evaluate_bad_file_exits_1(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    gold = _write(tmp_path / "gold.csv", GOLD_HEADER, GOLD)
    assert cli.main(["evaluate", str(bad), "--gold", str(gold)]) == 1
    assert "not a figures CSV" in capsys.readouterr().err


@pytest.mark.skipif(not SCORE_PY.is_file(), reason="reference scorer not available")
def test_same_numbers_as_the_reference_scorer_when_every_document_has_gold(tmp_path: Path) -> None:
    pred_rows = PRED[:4]  # score.py ignores documents without gold; keep to those it sees
    pred = _write(tmp_path / "p.csv", PRED_HEADER, pred_rows)
    gold = _write(tmp_path / "g.csv", GOLD_HEADER, GOLD)
    ref = json.loads(subprocess.run([sys.executable, str(SCORE_PY), str(pred), str(gold), "--json"],
                                    capture_output=True, text=True, check=True, timeout=60).stdout)["all"]
    ours = evaluate_files(pred, gold).overall.as_dict()
    for key in ("pred", "gold", "key_p", "key_r", "key_f1", "strict_f1", "level_acc"):
        assert ours[key] == ref[key], key
