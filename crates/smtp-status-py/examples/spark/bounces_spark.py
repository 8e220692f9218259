"""Bounce classification on Apache Spark with the smtp_status wheel.

Two inputs, either or both:

* ``--diagnostics PATH``: Parquet or JSON Lines (``.jsonl``/``.json``) with
  ``id``, ``recipient`` and ``diagnostic`` (a delivery log's failures: the
  SMTP reply or the log's text). A vectorised pandas UDF adds ``reason``,
  ``hard``, ``advice``, ``status`` and ``reply_code``
  (``smtp_status.classify_texts`` on each Arrow batch).
* ``--emails PATH``: Parquet with ``id`` and ``raw`` (binary: whole bounce
  emails). ``mapInPandas`` gives one row per bounced recipient: ``id``,
  ``format``, ``recipient``, the same columns, and ``error`` for an email
  that is not a bounce (``smtp_status.classify_many``).

Both are written as Parquet under ``--output`` (``diagnostics/``,
``emails/``), with the aggregate ``per_domain/``: bounces per reason per
recipient domain.

Local run (2 cores)::

    spark-submit --master 'local[2]' bounces_spark.py \\
        --diagnostics log.parquet --emails bounces.parquet --output out/

On a cluster the executors need the wheel: ``pip install`` it on their
image, or ship it with the job (``--archives`` of a packed venv holding it,
``spark.archives``; see the workspace README). Each Spark task uses one
core, so the bulk calls run with ``threads=1`` and Spark spreads the
batches over the cores.
"""

from __future__ import annotations

import argparse
import time
from typing import Iterator

import pandas as pd
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

VERDICT = T.StructType(
    [
        T.StructField("reason", T.StringType()),
        T.StructField("hard", T.BooleanType()),
        T.StructField("advice", T.StringType()),
        T.StructField("status", T.StringType()),
        T.StructField("reply_code", T.IntegerType()),
    ]
)
VERDICT_COLUMNS = [f.name for f in VERDICT.fields]

RECIPIENTS = T.StructType(
    [
        T.StructField("id", T.LongType()),
        T.StructField("format", T.StringType()),
        T.StructField("recipient", T.StringType()),
        *VERDICT.fields,
        T.StructField("error", T.StringType()),
    ]
)


def _verdicts(texts: pd.Series) -> pd.DataFrame:
    """The UDF's body: one Arrow batch of diagnostics, classified in Rust."""
    import smtp_status

    rows = smtp_status.classify_texts(texts.fillna("").tolist(), threads=1)
    frame = pd.DataFrame({c: [r[c] for r in rows] for c in VERDICT_COLUMNS})
    frame["reply_code"] = frame["reply_code"].astype("Int32")
    return frame


classify_diagnostics = F.pandas_udf(_verdicts, VERDICT)  # type: ignore[call-overload]


def _recipients(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """mapInPandas' body: batches of (id, raw) to one row per recipient."""
    import smtp_status

    for batch in batches:
        results = smtp_status.classify_many(batch["raw"].tolist(), threads=1, errors="return")
        rows = []
        for id_, c in zip(batch["id"].tolist(), results):
            if isinstance(c, Exception):
                rows.append({"id": id_, "error": str(c)})
                continue
            for r in c.recipients:
                row = {"id": id_, "format": c.format, "recipient": r.recipient}
                row.update({k: r[k] for k in VERDICT_COLUMNS})
                rows.append(row)
        # Explicit types: a column that is empty in this batch (no error,
        # or only errors) must still be strings, not pandas' float NaN.
        frame = pd.DataFrame(rows, columns=RECIPIENTS.names)
        types = {"id": "int64", "hard": "boolean", "reply_code": "Int32"}
        for name in RECIPIENTS.names:
            column = frame[name].astype(types.get(name, object))
            frame[name] = column if name in types else column.where(column.notna(), None)
        yield frame


def read(spark: SparkSession, path: str) -> DataFrame:
    """Parquet, or JSON Lines for a path ending in .jsonl or .json."""
    if path.endswith((".jsonl", ".json")):
        return spark.read.json(path)
    return spark.read.parquet(path)


def classify_diagnostic_column(df: DataFrame, column: str = "diagnostic") -> DataFrame:
    """``df`` with reason, hard, advice, status and reply_code added."""
    return df.withColumn("_v", classify_diagnostics(F.col(column))).select(
        *df.columns, *[F.col(f"_v.{c}").alias(c) for c in VERDICT_COLUMNS]
    )


def classify_email_column(df: DataFrame) -> DataFrame:
    """One row per recipient of every email of ``df`` (``id``, ``raw``)."""
    return df.select("id", "raw").mapInPandas(_recipients, RECIPIENTS)


def per_reason_per_domain(df: DataFrame) -> DataFrame:
    """Bounces (rows with a reason) per recipient domain and reason."""
    domain = F.lower(F.substring_index(F.col("recipient"), "@", -1))
    return (
        df.where(F.col("reason").isNotNull())
        .select(domain.alias("domain"), "reason")
        .groupBy("domain", "reason")
        .count()
        .orderBy(F.desc("count"), "domain", "reason")
    )


def run(
    spark: SparkSession,
    output: str,
    diagnostics: str | None = None,
    emails: str | None = None,
) -> dict[str, float]:
    """Classifies the inputs and writes the outputs; returns the seconds
    each step took and the rows it wrote."""
    figures: dict[str, float] = {}
    classified = []
    steps = [
        ("diagnostics", diagnostics, classify_diagnostic_column),
        ("emails", emails, classify_email_column),
    ]
    for name, path, classify in steps:
        if not path:
            continue
        start = time.perf_counter()
        classify(read(spark, path)).write.mode("overwrite").parquet(f"{output}/{name}")
        figures[f"{name}_seconds"] = time.perf_counter() - start
        written = spark.read.parquet(f"{output}/{name}")
        figures[f"{name}_rows"] = written.count()
        classified.append(written.select("recipient", "reason"))
    if classified:
        everything = classified[0]
        for more in classified[1:]:
            everything = everything.unionByName(more)
        per_reason_per_domain(everything).write.mode("overwrite").parquet(f"{output}/per_domain")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--diagnostics", help="Parquet or JSON Lines: id, recipient, diagnostic")
    parser.add_argument("--emails", help="Parquet: id, raw (binary)")
    parser.add_argument("--output", required=True, help="folder for the Parquet outputs")
    args = parser.parse_args()
    if not (args.diagnostics or args.emails):
        parser.error("give --diagnostics, --emails or both")
    spark = SparkSession.builder.appName("smtp-status bounces").getOrCreate()
    figures = run(spark, args.output, args.diagnostics, args.emails)
    for name, value in figures.items():
        print(f"{name}: {value:.1f}" if name.endswith("seconds") else f"{name}: {int(value)}")
    spark.read.parquet(f"{args.output}/per_domain").show(10, truncate=False)
    spark.stop()


if __name__ == "__main__":
    main()
