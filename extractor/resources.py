"""Where the language data lives, and reading it.

Language data ships inside the installed package (``extractor/models/<code>/``); in a
source checkout it is the top-level ``models/`` folder. ``EXTRACTOR_MODELS`` overrides both.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


@lru_cache(maxsize=1)
def models_root() -> Path:
    env = os.environ.get("EXTRACTOR_MODELS")
    if env:
        return Path(env)
    packaged = Path(str(resources.files("extractor"))) / "models"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "models"


@lru_cache(maxsize=None)
def data_folders(*markers: str) -> tuple[str, ...]:
    """Codes of the language folders that hold every one of ``markers`` (file names), sorted."""
    root = models_root()
    if not root.is_dir():
        return ()
    return tuple(sorted(p.name for p in root.iterdir() if all((p / m).is_file() for m in markers)))


def language_codes() -> tuple[str, ...]:
    """Languages the extractor supports: a data folder with ``language.json`` and ``rules.json``.

    (A folder may hold only ``numbers.json`` while its rules are being written: then
    ``extractor.numbers`` knows the language, the extractor does not yet.)
    """
    return data_folders("language.json", "rules.json")


@lru_cache(maxsize=None)
def read_json(code: str, name: str) -> Any:
    """Read ``models/<code>/<name>`` (JSON, UTF-8). Missing file -> ``{}``."""
    path = models_root() / code / name
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def read_jsonl(code: str, name: str) -> list[Any]:
    """Read ``models/<code>/<name>`` (JSON Lines, UTF-8), one value per non-empty line. Missing file -> ``[]``."""
    path = models_root() / code / name
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
