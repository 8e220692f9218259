"""Shared fixtures: the development corpus and the Rust side's own output
(the explain crate's examples, run through cargo from the workspace)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "crates" / "smtp-status-explain" / "tests" / "corpus"
EMAILS = sorted((CORPUS / "emails").iterdir())


def cargo_example(name: str, *args: str) -> str:
    """The stdout of an example of smtp-status-explain (built by `cargo test`
    before the Python tests run, so this only runs it)."""
    cargo = os.environ.get("CARGO", "cargo")
    out = subprocess.run(
        [cargo, "run", "-q", "-p", "smtp-status-explain", "--example", name, "--", *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout


@pytest.fixture(scope="session")
def corpus() -> list[tuple[str, bytes]]:
    """Every email of the corpus: (file name, bytes)."""
    return [(p.name, p.read_bytes()) for p in EMAILS]


@pytest.fixture(scope="session")
def rust_json() -> dict[str, str]:
    """File name -> the Rust library's JSON for that email, as serde_json
    writes it (the `classify-json` example)."""
    lines = cargo_example("classify-json", *map(str, EMAILS)).splitlines()
    assert len(lines) == len(EMAILS)
    return {p.name: line for p, line in zip(EMAILS, lines)}
