"""Shared fixtures: the repository, the CLI binary to compare with, the
Parquet files of the structured corpus, a policy."""

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PARQUET = REPO / "corpora/structured/parquet"
GOOD_PARQUET = ["users.parquet", "users_gzip.parquet", "users_none.parquet", "users_zstd.parquet"]
POLICY = REPO / "rules/policies/alloprof.toml"
KEY = b"python-test-key"


def cli_binary() -> str:
    """`piimap` as built by cargo (PIIMAP_BIN, else target/debug or target/release)."""
    if os.environ.get("PIIMAP_BIN"):
        return os.environ["PIIMAP_BIN"]
    for profile in ("debug", "release"):
        candidate = REPO / "target" / profile / "piimap"
        if candidate.is_file():
            return str(candidate)
    pytest.fail("no piimap binary: run `cargo build` first, or set PIIMAP_BIN")


@pytest.fixture(scope="session")
def cli_inventory():
    """`piimap inventory` over the good Parquet files, as JSON."""
    args = [cli_binary(), "inventory", "--policy", str(POLICY), "--format", "json", "--lang", "en", "-q", "--root", str(PARQUET)]
    args += [str(PARQUET / name) for name in GOOD_PARQUET]
    run = subprocess.run(args, capture_output=True, text=True, env={"PIIMAP_FINGERPRINT_KEY": KEY.decode()})
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)


def entries(document):
    """The inventory's entries without their examples (a sample, which depends on partitioning)."""
    return sorted(
        (e["path"], e["table"], e["field"], e["category"], e["findings"], e.get("values"), e["status"], e.get("severity"))
        for e in document["entries"]
    )
