"""The README's Python examples ("At warehouse scale") run as written, from
the repository root, and print what their comments say."""

import ast
import json
import os
import re
import subprocess
import sys

import pytest

from conftest import POLICY, REPO, cli_binary


def examples():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## At warehouse scale", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def run(code):
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, env=env, timeout=900)
    assert run.returncode == 0, run.stderr[-4000:]
    return run.stdout.strip().splitlines()


def cli_summary():
    parquet = REPO / "corpora/structured/parquet"
    args = [cli_binary(), "inventory", "--policy", str(POLICY), "--format", "json", "--lang", "en", "-q"]
    args += ["--root", str(parquet), str(parquet / "users.parquet")]
    done = subprocess.run(args, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)["summary"]


def test_the_readme_has_its_two_examples():
    assert len(examples()) == 2


def test_the_arrow_example_runs_as_written_and_agrees_with_the_cli():
    lines = run(examples()[0])
    findings = ast.literal_eval(lines[0])
    assert [(f["field"], f["category"], f["masked"]) for f in findings] == [
        ("courriel", "email", "j***@e*****.ca"),
        ("contact.tel", "phone", "***-***-6754"),
    ]
    assert all("value" not in f for f in findings), "no raw value without reveal"
    assert ast.literal_eval(lines[-1]) == cli_summary()


@pytest.mark.skipif(bool(os.environ.get("PIIMAP_SKIP_SPARK")), reason="PIIMAP_SKIP_SPARK is set")
def test_the_spark_example_runs_as_written_and_agrees_with_the_cli():
    code = examples()[1]
    comment = re.search(r"print\(report\[\"summary\"\]\)\s+# (\{.*?), \.\.\.\}", code)
    lines = run(code)
    summary = next(ast.literal_eval(line) for line in lines if line.startswith("{'entries'"))
    assert summary == cli_summary()
    shown = ast.literal_eval(comment.group(1) + "}")
    assert all(summary[key] == value for key, value in shown.items()), (shown, summary)
    assert any(re.match(r"\|\s*email\s*\|", line) for line in lines), lines
