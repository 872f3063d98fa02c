#!/usr/bin/env python3
"""The ripgrep patterns of piimap's rule files, one alternation per category.

    python3 benches/rg_patterns.py RULES_DIR > patterns

Writes NUL-terminated records "category<TAB>alternation", in the categories'
file order (every enabled pattern of the category's rules joined as
(?:p1)|(?:p2)|...), and a summary on stderr. Used by compare.sh and
per_format.sh so that both time ripgrep on the same patterns.
"""
import sys, tomllib, pathlib
rules_dir = pathlib.Path(sys.argv[1])
files = sorted(rules_dir.glob("*.toml"))
if not files:
    sys.exit("no *.toml rule files in %s" % rules_dir)
CATS = []  # every category of the rule files, in file order
pats = {}
ids = {}
skipped = []
for path in files:
    try:
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as e:
        sys.exit("%s: %s" % (path, e))
    rules = doc.get("rules")
    if not isinstance(rules, list) or not rules:
        skipped.append(path.name)  # e.g. a policy file
        continue
    for i, rule in enumerate(rules):
        cat = rule.get("category", doc.get("category"))
        rid = rule.get("id", "%s#%d" % (path.name, i))
        if cat not in pats:
            CATS.append(cat)
            pats[cat], ids[cat] = [], []
        if not rule.get("enabled", True):
            continue
        ps = []
        if "pattern" in rule:
            ps.append(rule["pattern"])
        ps.extend(rule.get("patterns", []))
        if not ps:
            print("  warning: %s: rule %s has no pattern" % (path.name, rid), file=sys.stderr)
        for p in ps:
            if "\n" in p:
                print("  warning: %s: rule %s: pattern contains a newline; ripgrep splits -e patterns on newlines" % (path.name, rid), file=sys.stderr)
            pats[cat].append(p)
        ids[cat].append(rid)
print("rules: %d file(s) in %s%s" % (len(files), rules_dir, ("; skipped (no [[rules]]): " + ", ".join(skipped)) if skipped else ""), file=sys.stderr)
for c in CATS:
    print("  %-12s %2d pattern(s) from %s" % (c, len(pats[c]), ", ".join(ids[c]) or "-"), file=sys.stderr)
    sys.stdout.write(c + "\t" + "|".join("(?:%s)" % p for p in pats[c]) + "\0")
