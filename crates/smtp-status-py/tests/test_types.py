"""The stubs: mypy --strict on a typed use of the module, a use that must
fail, and stubtest comparing the stubs with the installed module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import smtp_status
from conftest import CORPUS

HERE = Path(__file__).parent


def mypy(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", "/dev/null", *args],
        cwd=cwd, capture_output=True, text=True, timeout=600,
    )


def test_mypy_accepts_a_typed_use(tmp_path: Path) -> None:
    out = mypy(str(HERE / "typed_usage.py"), cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    run = subprocess.run([sys.executable, str(HERE / "typed_usage.py"), str(CORPUS / "emails")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    hard = 0
    for p in sorted((CORPUS / "emails").iterdir()):
        try:
            c = smtp_status.classify(p.read_bytes())
        except smtp_status.BounceError:
            continue
        hard += sum(r.hard and r.recipient is not None for r in c.recipients)
    assert run.stdout.splitlines() == ["userunknown", str(hard), "True BadDestinationMailboxAddress"]


def test_mypy_rejects_a_wrong_use(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import smtp_status\n"
        "smtp_status.classify('not bytes')\n"
        "x: int = smtp_status.verdict('550').hard\n"
        "smtp_status.Reason.NO_SUCH_REASON\n"
    )
    out = mypy(str(bad), cwd=tmp_path)
    assert out.returncode == 1
    assert 'Argument 1 to "classify" has incompatible type "str"; expected "bytes"' in out.stdout
    assert '"type[Reason]" has no attribute "NO_SUCH_REASON"' in out.stdout, out.stdout


def test_stubtest_matches_the_module(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "smtp_status",
         "--allowlist", str(HERE / "stubtest-allowlist.txt")],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )
    assert out.returncode == 0, out.stdout + out.stderr
