"""The Spark example (examples/spark/bounces_spark.py) in local mode with 2
workers, on 100,000 generated log rows built from the corpus's diagnostics
and on the corpus's raw emails: every row Spark writes equals the
single-machine result, and so does the aggregate."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import smtp_status

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "spark" / "bounces_spark.py"
ROWS = 100_000
DOMAINS = ["gmail.example", "yahoo.example", "outlook.example", "neko.example", "corp.example"]


def load_example():
    spec = importlib.util.spec_from_file_location("bounces_spark", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # Spark's Python workers run this interpreter, so they import the same
    # installed wheel.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("smtp-status test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def corpus_diagnostics(corpus) -> list[str]:
    """Every recipient's diagnostic text in the corpus, in corpus order."""
    out = []
    for _, raw in corpus:
        try:
            c = smtp_status.classify(raw)
        except smtp_status.BounceError:
            continue
        out.extend(r.diagnostic for r in c.recipients if r.diagnostic)
    return out


def test_spark_equals_one_machine(spark, corpus, tmp_path) -> None:
    example = load_example()
    diagnostics = corpus_diagnostics(corpus)
    assert len(set(diagnostics)) > 150
    ids = list(range(ROWS))
    texts = [diagnostics[i % len(diagnostics)] for i in ids]
    recipients = [f"user{i}@{DOMAINS[i % len(DOMAINS)].upper() if i % 7 == 0 else DOMAINS[i % len(DOMAINS)]}" for i in ids]
    # JSON Lines for the log, Parquet for the emails: both readers run.
    log = tmp_path / "log.jsonl"
    pa.Table.from_pydict({"id": ids, "recipient": recipients, "diagnostic": texts}).to_pandas().to_json(
        log, orient="records", lines=True
    )
    raws = [raw for _, raw in corpus] + [b"Subject: lunch\n\nSee you.\n"]
    emails = tmp_path / "emails.parquet"
    pq.write_table(pa.table({"id": list(range(len(raws))), "raw": raws}), emails)

    out = tmp_path / "out"
    figures = example.run(spark, str(out), diagnostics=str(log), emails=str(emails))
    assert figures["diagnostics_rows"] == ROWS

    # Every diagnostic row against classify_texts on this machine.
    got = pq.read_table(out / "diagnostics").to_pylist()
    got.sort(key=lambda r: r["id"])
    assert [r["id"] for r in got] == ids
    alone = smtp_status.classify_texts(texts)
    for row, want in zip(got, alone):
        assert row["diagnostic"] == texts[row["id"]]
        assert {c: row[c] for c in example.VERDICT_COLUMNS} == {c: want[c] for c in example.VERDICT_COLUMNS}, row["id"]

    # Every recipient row of the emails against classify_many.
    rows = pq.read_table(out / "emails").to_pylist()
    rows.sort(key=lambda r: r["id"])
    want_rows = []
    for i, c in enumerate(smtp_status.classify_many(raws, errors="return")):
        if isinstance(c, Exception):
            want_rows.append({"id": i, "format": None, "recipient": None,
                              **{k: None for k in example.VERDICT_COLUMNS}, "error": str(c)})
        else:
            for r in c.recipients:
                want_rows.append({"id": i, "format": c.format, "recipient": r.recipient,
                                  **{k: r[k] for k in example.VERDICT_COLUMNS}, "error": None})
    assert rows == want_rows
    assert rows[-1]["error"].startswith("not a bounce")

    # The aggregate: bounces per reason per recipient domain.
    per_domain = {(r["domain"], r["reason"]): r["count"] for r in pq.read_table(out / "per_domain").to_pylist()}
    want = Counter()
    for r in [*got, *rows]:
        if r["reason"] is not None:
            domain = r["recipient"].rsplit("@", 1)[-1].lower() if r["recipient"] else None
            want[(domain, r["reason"])] += 1
    assert per_domain == dict(want)
    assert sum(per_domain.values()) == ROWS + sum(1 for r in rows if r["reason"] is not None)

    # A batch without any error (and one with errors only): the empty
    # column is still strings.
    for name, chosen in (("bounces", raws[:40]), ("none", raws[-1:])):
        path = tmp_path / f"{name}.parquet"
        pq.write_table(pa.table({"id": list(range(len(chosen))), "raw": chosen}), path)
        example.run(spark, str(tmp_path / name), emails=str(path))
        again = sorted(pq.read_table(tmp_path / name / "emails").to_pylist(), key=lambda r: r["id"])
        first = 0 if name == "bounces" else len(raws) - 1
        want_part = [dict(r, id=r["id"] - first) for r in want_rows if first <= r["id"] < first + len(chosen)]
        assert again == want_part, name
