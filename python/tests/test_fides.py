"""The fideslang Dataset `piimap register --format fides-dataset` writes
validates against fideslang's own models (the schema fides reads manifests
with), and every data category in it is a key of fideslang's default taxonomy."""

import json
import subprocess

from conftest import POLICY, REPO, cli_binary

from fideslang import DEFAULT_TAXONOMY
from fideslang.models import Dataset


def run(*args, cwd=REPO):
    done = subprocess.run([cli_binary(), *args], capture_output=True, text=True, cwd=cwd,
                          env={"SOURCE_DATE_EPOCH": "1764547200", "PIIMAP_FINGERPRINT_KEY": "python-test-key"})
    return done


def test_the_fides_dataset_of_the_demo_validates_against_fideslang(tmp_path):
    inventory = tmp_path / "inventory.json"
    made = run("inventory", "corpora/demo", "--policy", str(POLICY), "--format", "json", "-o", str(inventory), "-q")
    assert made.returncode == 1, made.stderr  # the demo has flags
    written = run("register", str(inventory), "--format", "fides-dataset")
    assert written.returncode == 0, written.stderr
    manifest = json.loads(written.stdout)
    datasets = [Dataset.model_validate(item) for item in manifest["dataset"]]
    assert len(datasets) == 1
    known = {category.fides_key for category in DEFAULT_TAXONOMY.data_category}
    used = set()
    for collection in datasets[0].collections:
        used.update(collection.data_categories or [])
        for field in collection.fields:
            used.update(field.data_categories or [])
    assert used, "the demo holds personal data"
    assert used <= known, used - known
    names = {collection.name for collection in datasets[0].collections}
    assert {"users", "donations", "legacy_import", "logs/access.log"} <= names
