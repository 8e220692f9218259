#!/usr/bin/env python3
"""Prints criterion's median for each benchmark of `cargo bench --bench
replies`, per reply (corpus group) or per code (bare group), from
target/criterion/*/*/new/estimates.json. Standard library only."""
import json
import pathlib

ITEMS = {"corpus": 23, "bare": 8}  # replies in CORPUS, codes in BARE
root = pathlib.Path(__file__).parent / "target" / "criterion"
proto = None
rows = []
for group, items in ITEMS.items():
    for est in sorted((root / group).glob("*/new/estimates.json")):
        median = json.loads(est.read_text())["median"]["point_estimate"] / items
        name = est.parent.parent.name
        if (group, name) == ("corpus", "smtp-proto"):
            proto = median
        rows.append((group, name, median))
for group, name, median in rows:
    ratio = f"  {proto / median:.2f}x smtp-proto" if group == "corpus" and proto else ""
    print(f"{group}/{name}: {median:.1f} ns{ratio}")
