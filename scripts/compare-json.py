#!/usr/bin/env python3
"""Compares two outputs in the oracle's JSON schema.

    python3 scripts/compare-json.py EXPECTED.json ACTUAL.json [--max N]

Associations are compared as a set keyed by (source, as), as the oracle's
README asks (their order follows the runtime's string collation); every
other value must be equal. Prints the first N differences (default 20) and
exits 1 when there are any, 0 when the outputs are the same.
"""
import json
import sys


def keyed_associations(doc, label, problems):
    """The associations by "source=S, as=A", as a map `diff` compares."""
    out = {}
    for a in doc.get("associations", []):
        key = (a.get("source"), a.get("as"))
        name = f"source={key[0]}, as={key[1]}"
        if name in out:
            problems.append(f"{label}: association {key} appears twice")
        out[name] = a
    return out


def diff(path, expected, actual, problems):
    if type(expected) is not type(actual) and not (
        isinstance(expected, (int, float)) and isinstance(actual, (int, float))
    ):
        problems.append(f"{path}: expected {json.dumps(expected)[:200]}, got {json.dumps(actual)[:200]}")
        return
    if isinstance(expected, dict):
        for k in sorted(set(expected) | set(actual)):
            p = f"{path}.{k}"
            if k not in actual:
                problems.append(f"{p}: missing (expected {json.dumps(expected[k])[:200]})")
            elif k not in expected:
                problems.append(f"{p}: unexpected {json.dumps(actual[k])[:200]}")
            else:
                diff(p, expected[k], actual[k], problems)
    elif isinstance(expected, list):
        if len(expected) != len(actual):
            problems.append(
                f"{path}: expected {len(expected)} items {json.dumps(expected)[:200]}, "
                f"got {len(actual)} {json.dumps(actual)[:200]}"
            )
            return
        for i, (e, a) in enumerate(zip(expected, actual)):
            diff(f"{path}[{i}]", e, a, problems)
    elif expected != actual:
        problems.append(f"{path}: expected {json.dumps(expected)}, got {json.dumps(actual)}")


def compare(expected, actual):
    problems = []
    e_assoc = keyed_associations(expected, "expected", problems)
    a_assoc = keyed_associations(actual, "actual", problems)
    rest_e = {k: v for k, v in expected.items() if k != "associations"}
    rest_a = {k: v for k, v in actual.items() if k != "associations"}
    diff("$", rest_e, rest_a, problems)
    diff("$.associations", e_assoc, a_assoc, problems)
    return problems


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    limit = 20
    if "--max" in argv:
        limit = int(argv[argv.index("--max") + 1])
        args = [a for a in args if a != str(limit)]
    if len(args) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(args[0], encoding="utf-8") as f:
        expected = json.load(f)
    with open(args[1], encoding="utf-8") as f:
        actual = json.load(f)
    problems = compare(expected, actual)
    if not problems:
        print(f"identical: {args[0]} == {args[1]}")
        return 0
    print(f"{len(problems)} difference(s) between {args[0]} (expected) and {args[1]} (actual):")
    for p in problems[:limit]:
        print(f"  {p}")
    if len(problems) > limit:
        print(f"  ... and {len(problems) - limit} more")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
