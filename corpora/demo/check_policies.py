#!/usr/bin/env python3
"""Validate the policy transcriptions in rules/policies/ against the format and their seeds.

    python3 corpora/demo/check_policies.py [POLICY.toml ...] [--seeds DIR]

With no file, checks every rules/policies/*.toml. Python 3.11+, standard library only.

What is checked (the rules of rules/policies/README.md, plus faithfulness to the seed):
- `schema` is "piimap.policy/1" and no table has an unknown key;
- [organization].name and [policy].title are present; [policy].date is YYYY-MM-DD;
- purpose ids match ^[a-z0-9][a-z0-9-]*$ and are unique; every purpose has a name and a
  non-empty quote;
- every category is an id of rules/categories/categories.toml (no duplicates in a purpose);
- `data_use` is a key of rules/categories/data_uses.toml;
- a purpose with no categories has a gap naming it (`purpose = "<id>"`);
- `paths` are non-empty strings; `fields` have the form `table.field` (both sides non-empty);
- every gap has `about` and `note`, and its `purpose`, if any, names a purpose of the file;
- every quote (purposes and gaps) appears verbatim in the seed the file was transcribed from:
  whitespace is normalized (runs of spaces, tabs and newlines count as one space) and the
  quote is split on "…", each piece being looked up on its own. The seed is named in the
  file's header comment ("Transcribed from the seed .../NAME.txt").

Exits 0 when every file passes, 1 otherwise, listing each problem as FILE: message.
"""
from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SEEDS = Path("/work/shared/seeds")

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SEED_RE = re.compile(r"Transcribed from the seed\s+(?:#\s*)?(\S+\.txt)")

TOP_KEYS = {"schema", "organization", "policy", "purposes", "gaps", "subjects", "accidental"}
ORG_KEYS = {"name", "jurisdictions"}
POLICY_KEYS = {"title", "date", "language", "source"}
PURPOSE_KEYS = {"id", "name", "quote", "categories", "data_use", "retention", "paths", "fields", "subjects", "transfers", "legal_basis"}
GAP_KEYS = {"about", "purpose", "note", "quote", "categories"}


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def load_vocabulary() -> tuple[set[str], set[str]]:
    with open(REPO / "rules/categories/categories.toml", "rb") as f:
        categories = {c["id"] for c in tomllib.load(f)["categories"]}
    with open(REPO / "rules/categories/data_uses.toml", "rb") as f:
        uses = set(tomllib.load(f)["keys"])
    return categories, uses


def check_quote(quote: str, seed_text: str | None, where: str, errors: list[str]) -> None:
    if seed_text is None:
        return
    for piece in quote.split("…"):
        piece = normalize(piece)
        if piece and piece not in seed_text:
            shown = piece if len(piece) <= 80 else piece[:77] + "..."
            errors.append(f"{where}: quote not found in the seed: {shown!r}")


def unknown_keys(table: dict, allowed: set[str], where: str, errors: list[str]) -> None:
    for key in table:
        if key not in allowed:
            errors.append(f"{where}: unknown key {key!r}")


def check_file(path: Path, seeds: Path, vocab: set[str], uses: set[str]) -> list[str]:
    errors: list[str] = []
    raw = path.read_text(encoding="utf-8")
    try:
        doc = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as err:
        return [f"invalid TOML: {err}"]

    # The seed named in the header comment.
    seed_text = None
    match = SEED_RE.search(raw)
    if not match:
        errors.append("header comment does not name its seed ('Transcribed from the seed .../NAME.txt')")
    else:
        seed = seeds / Path(match.group(1)).name
        if not seed.is_file():
            errors.append(f"seed {seed} not found (use --seeds DIR)")
        else:
            seed_text = normalize(seed.read_text(encoding="utf-8"))

    unknown_keys(doc, TOP_KEYS, "top level", errors)
    if doc.get("schema") != "piimap.policy/1":
        errors.append(f"schema must be \"piimap.policy/1\", not {doc.get('schema')!r}")

    org = doc.get("organization")
    if not isinstance(org, dict) or not isinstance(org.get("name"), str) or not org["name"].strip():
        errors.append("[organization] needs a non-empty name")
    else:
        unknown_keys(org, ORG_KEYS, "[organization]", errors)
        if "jurisdictions" in org and not (
            isinstance(org["jurisdictions"], list) and all(isinstance(j, str) for j in org["jurisdictions"])
        ):
            errors.append("[organization].jurisdictions must be a list of strings")

    pol = doc.get("policy")
    if not isinstance(pol, dict) or not isinstance(pol.get("title"), str) or not pol["title"].strip():
        errors.append("[policy] needs a non-empty title")
    else:
        unknown_keys(pol, POLICY_KEYS, "[policy]", errors)
        if "date" in pol and not (isinstance(pol["date"], str) and DATE_RE.match(pol["date"])):
            errors.append(f"[policy].date must be a YYYY-MM-DD string, not {pol['date']!r}")
        for key in ("language", "source"):
            if key in pol and not isinstance(pol[key], str):
                errors.append(f"[policy].{key} must be a string")

    purposes = doc.get("purposes", [])
    gaps = doc.get("gaps", [])
    if not isinstance(purposes, list) or not purposes:
        errors.append("at least one [[purposes]] is required")
        purposes = []
    if not isinstance(gaps, list):
        errors.append("gaps must be an array of tables")
        gaps = []

    ids: list[str] = []
    for n, p in enumerate(purposes, 1):
        pid = p.get("id")
        where = f"purpose {n} ({pid})"
        unknown_keys(p, PURPOSE_KEYS, where, errors)
        if not isinstance(pid, str) or not ID_RE.match(pid):
            errors.append(f"{where}: id must match {ID_RE.pattern}")
        elif pid in ids:
            errors.append(f"{where}: duplicate id")
        ids.append(pid if isinstance(pid, str) else "")
        if not isinstance(p.get("name"), str) or not p["name"].strip():
            errors.append(f"{where}: name is required")
        quote = p.get("quote")
        if not isinstance(quote, str) or not normalize(quote.replace("…", "")):
            errors.append(f"{where}: quote is required and must not be empty")
        else:
            check_quote(quote, seed_text, where, errors)
        cats = p.get("categories")
        if not isinstance(cats, list) or not all(isinstance(c, str) for c in cats):
            errors.append(f"{where}: categories must be a list of strings")
        else:
            for c in cats:
                if c not in vocab:
                    errors.append(f"{where}: unknown category {c!r}")
            if len(set(cats)) != len(cats):
                errors.append(f"{where}: duplicate categories")
        if "data_use" in p and p["data_use"] not in uses:
            errors.append(f"{where}: data_use {p['data_use']!r} is not a fideslang data-use key")
        retention = p.get("retention")
        if retention is not None and not (
            (isinstance(retention, str) and retention.strip())
            or (isinstance(retention, dict) and str(retention.get("keep", "")).startswith("P"))
        ):
            errors.append(f"{where}: retention must be a non-empty string or a table with an ISO 8601 `keep`")
        for key in ("paths", "fields"):
            if key in p:
                if not isinstance(p[key], list) or not all(isinstance(g, str) and g.strip() for g in p[key]):
                    errors.append(f"{where}: {key} must be a list of non-empty strings")
        for g in p.get("fields", []) if isinstance(p.get("fields"), list) else []:
            if isinstance(g, str):
                table, dot, field = g.partition(".")
                if not dot or not table or not field:
                    errors.append(f"{where}: field glob {g!r} must have the form table.field")
            for bad in ("[", "{"):
                if isinstance(g, str) and g.count(bad) != g.count({"[": "]", "{": "}"}[bad]):
                    errors.append(f"{where}: unbalanced {bad} in glob {g!r}")
        for g in p.get("paths", []) if isinstance(p.get("paths"), list) else []:
            for bad in ("[", "{"):
                if isinstance(g, str) and g.count(bad) != g.count({"[": "]", "{": "}"}[bad]):
                    errors.append(f"{where}: unbalanced {bad} in glob {g!r}")

    gap_purposes = set()
    for n, g in enumerate(gaps, 1):
        where = f"gap {n} ({g.get('about')})"
        unknown_keys(g, GAP_KEYS, where, errors)
        for key in ("about", "note"):
            if not isinstance(g.get(key), str) or not g[key].strip():
                errors.append(f"{where}: {key} is required")
        if "purpose" in g:
            if g["purpose"] not in ids:
                errors.append(f"{where}: purpose {g['purpose']!r} is not a purpose of this file")
            gap_purposes.add(g["purpose"])
        if "quote" in g:
            if not isinstance(g["quote"], str) or not normalize(g["quote"].replace("…", "")):
                errors.append(f"{where}: quote must be a non-empty string")
            else:
                check_quote(g["quote"], seed_text, where, errors)

    # extension: quotes of subjects, accidental, transfers; legal_basis verbatim
    for sub in doc.get("subjects", []):
        if "quote" in sub:
            check_quote(sub["quote"], seed_text, f"subject {sub['id']}", errors)
    if "accidental" in doc:
        check_quote(doc["accidental"]["quote"], seed_text, "accidental", errors)
    for p in purposes:
        for t in p.get("transfers", []):
            if "quote" in t:
                check_quote(t["quote"], seed_text, f"transfer of {p['id']}", errors)
        if "legal_basis" in p:
            lb = normalize(p["legal_basis"])
            if lb not in seed_text:
                print(f"NOTE {p['id']}: legal_basis not verbatim: {lb!r}")
    for p in purposes:
        if isinstance(p.get("categories"), list) and not p["categories"] and p.get("id") not in gap_purposes:
            errors.append(f"purpose {p.get('id')}: no categories and no gap with purpose = {p.get('id')!r}")
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help=f"seed directory (default {DEFAULT_SEEDS})")
    args = parser.parse_args()
    files = args.files or sorted((REPO / "rules/policies").glob("*.toml"))
    if not files:
        print("no policy files", file=sys.stderr)
        return 1
    vocab, uses = load_vocabulary()
    failed = 0
    for path in files:
        errors = check_file(path, args.seeds, vocab, uses)
        with open(path, "rb") as f:
            try:
                doc = tomllib.load(f)
                summary = f"{len(doc.get('purposes', []))} purposes, {len(doc.get('gaps', []))} gaps"
            except tomllib.TOMLDecodeError:
                summary = "unreadable"
        if errors:
            failed += 1
            for e in errors:
                print(f"{path}: {e}")
        else:
            print(f"{path}: ok ({summary})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
