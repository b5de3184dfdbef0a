"""The language data ships inside the wheel: a plain ``pip install`` must find every language."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from extractor.resources import language_codes, models_root

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        pytest.skip(f"cannot build the wheel here (no build backend reachable?): {proc.stderr.strip()[-300:]}")
    (whl,) = out.glob("*.whl")
    return whl


def test_wheel_holds_every_language(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for code in language_codes():
        for f in sorted(p.name for p in (models_root() / code).iterdir() if p.suffix in (".json", ".jsonl")):
            assert f"extractor/models/{code}/{f}" in names, f"{code}/{f} missing from the wheel"
    assert "extractor/models/rules.json" in names and "extractor/models/categories.json" in names


def test_wheel_declares_the_command_and_tokenizer(wheel):
    z = zipfile.ZipFile(wheel)
    entry = next(n for n in z.namelist() if n.endswith("entry_points.txt"))
    text = z.read(entry).decode()
    assert "extractor = extractor.cli:main" in text
    assert "[spacy_tokenizers]" in text
