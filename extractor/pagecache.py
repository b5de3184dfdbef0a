"""A raw-page cache on disk that is also a valid input directory.

Layout::

    <root>/<host>/<sha1(url)>.html        the body exactly as received (after content decoding)
    <root>/<host>/<sha1(url)>.meta.json   sidecar: requested URL, final URL, status, headers, fetch time

(``.txt`` instead of ``.html`` for ``text/plain`` pages.) The key is the URL as the user gave it,
so a re-run with the same URL list finds every page again without touching the network.
Because the bodies are ordinary ``.html`` files, ``extractor run <root>`` re-processes a cache
offline; a directory reader can call :func:`read_sidecar` to recover the final URL and the
declared charset of each file.

Writes are atomic (temporary file + ``os.replace``; body first, sidecar last), so an
interrupted run never leaves a sidecar pointing at a half-written body.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from extractor.output import write_atomic

SIDECAR_SUFFIX = ".meta.json"
_BODY_SUFFIXES = {"html": ".html", "text": ".txt"}


@dataclass(slots=True)
class CachedPage:
    """One fetched page as stored in (or read from) the cache."""

    requested_url: str
    final_url: str
    status: int
    headers: dict[str, str]
    fetched_at: str  # ISO 8601, UTC
    body: bytes = b""
    kind: str = "html"  # "html" or "text"
    encoding: str | None = None  # charset from the Content-Type header, if any


def url_key(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()


def _host_dir(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "_").lower()
    if parts.port:
        host = f"{host}_{parts.port}"
    # keep the directory name a single, harmless path component
    return "".join(ch if ch.isalnum() or ch in "-._" else "_" for ch in host) or "_"


def sidecar_path(body_path: Path) -> Path:
    """``<dir>/<key>.html`` -> ``<dir>/<key>.meta.json``."""
    return body_path.with_suffix(SIDECAR_SUFFIX)


def read_sidecar(body_path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The sidecar of a cached body file as a dict, or ``None`` if there is none, it is unreadable
    or it describes another file (its ``body`` must be the body file's name).

    Keys: ``requested_url``, ``final_url``, ``status``, ``headers``, ``fetched_at``, ``kind``,
    ``encoding``, ``body`` (the body file name).
    """
    path = sidecar_path(Path(body_path))
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("body") != Path(body_path).name:
        return None
    return data


class PageCache:
    """Pages keyed by the URL as requested; see the module docstring for the layout."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def _stem(self, url: str) -> Path:
        return self.root / _host_dir(url) / url_key(url)

    def get(self, url: str) -> CachedPage | None:
        """The cached page for ``url``, or ``None`` when it is not (completely) cached."""
        stem = self._stem(url)
        for suffix in _BODY_SUFFIXES.values():
            body_path = stem.with_suffix(suffix)
            meta = read_sidecar(body_path)
            if meta is not None and meta.get("requested_url") == url:
                break
        else:
            return None
        try:
            body = body_path.read_bytes()
        except OSError:
            return None
        return CachedPage(
            requested_url=url,
            final_url=str(meta.get("final_url") or url),
            status=int(meta.get("status", 200)),
            headers={str(k): str(v) for k, v in (meta.get("headers") or {}).items()},
            fetched_at=str(meta.get("fetched_at", "")),
            body=body,
            kind=str(meta.get("kind", "html")),
            encoding=meta.get("encoding") or None,
        )

    def put(self, page: CachedPage) -> Path:
        """Store ``page``; returns the path of the body file."""
        stem = self._stem(page.requested_url)
        stem.parent.mkdir(parents=True, exist_ok=True)
        body_path = stem.with_suffix(_BODY_SUFFIXES.get(page.kind, ".html"))
        write_atomic(body_path, page.body, fsync=False)
        meta = {
            "requested_url": page.requested_url,
            "final_url": page.final_url,
            "status": page.status,
            "headers": page.headers,
            "fetched_at": page.fetched_at,
            "kind": page.kind,
            "encoding": page.encoding,
            "body": body_path.name,
        }
        data = json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8")
        write_atomic(sidecar_path(body_path), data, fsync=False)
        return body_path
