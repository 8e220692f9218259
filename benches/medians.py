#!/usr/bin/env python3
"""Prints criterion's median for each benchmark of `cargo bench --bench
replies`, per reply (corpus group) or per code (bare group), and of
`cargo bench --bench bounces`, per corpus pass with classify's multiple of
mail-parser's, from target/criterion/*/*/new/estimates.json (the last run).
Standard library only."""
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

bounces = {}
for est in sorted((root / "bounce-corpus").glob("*/new/estimates.json")):
    bounces[est.parent.parent.name] = json.loads(est.read_text())["median"]["point_estimate"]
for name, median in bounces.items():
    print(f"bounce-corpus/{name}: {median / 1e6:.3f} ms")
classify = bounces.get("smtp-status-explain classify")
parser = bounces.get("mail-parser parse")
if classify and parser:
    print(f"bounce-corpus: classify {classify / parser:.2f}x mail-parser")
