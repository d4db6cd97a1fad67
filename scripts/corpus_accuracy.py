"""Corpus accuracy: per class and in total, cases passing / all cases (xfails count as failures).

.venv/bin/python scripts/corpus_accuracy.py            # the table
.venv/bin/python scripts/corpus_accuracy.py --failures # and each failing case with its findings
.venv/bin/python scripts/corpus_accuracy.py --class subject --failures
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.corpus.harness import CLASSES, Outcome, load_all, run_case


def mark_xfail(outcome: Outcome) -> None:
    """Keep the case file's xfail in step with the outcome; nothing else in the file changes."""
    case = outcome.case
    lines = case.path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.strip() == "[expect]"), None)
    if start is None:
        return
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines)
    )
    existing = [i for i in range(start + 1, end) if lines[i].lstrip().startswith("xfail")]
    if outcome.passed:
        if not existing:
            return
        lines = [line for i, line in enumerate(lines) if i not in existing]
    else:
        if existing:
            return  # a reason written by hand stays
        got = (outcome.refused and "refuses the text as unrecognised") or (
            f"concludes {outcome.first} first" if outcome.first else "concludes nothing"
        )
        reason = f"wifdoctor {got}".replace("\\", "").replace('"', "'")
        lines.insert(end, f'xfail = "{reason}"\n')
        if end > 0 and not lines[end - 1].endswith("\n"):
            lines[end - 1] += "\n"
    case.path.write_text("".join(lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list the failing cases")
    parser.add_argument("--class", dest="klass", help="only this class")
    parser.add_argument(
        "--mark-xfail",
        action="store_true",
        help="(fidelity helper only) set xfail on failing cases, drop it from passing ones",
    )
    args = parser.parse_args()
    cases, invalid = load_all()
    if args.klass:
        cases = [case for case in cases if case.klass == args.klass]
    by_class: dict[str, list[Outcome]] = defaultdict(list)
    for case in cases:
        by_class[case.klass].append(run_case(case))
    total = passed = 0
    print(f"{'class':20} {'pass':>5} {'cases':>6} {'accuracy':>9}")
    for klass in CLASSES:
        outcomes = by_class.get(klass, [])
        if not outcomes:
            continue
        ok = sum(outcome.passed for outcome in outcomes)
        total += len(outcomes)
        passed += ok
        print(f"{klass:20} {ok:5} {len(outcomes):6} {ok / len(outcomes):9.1%}")
    share = passed / total if total else 0.0
    print(f"{'total':20} {passed:5} {total:6} {share:9.1%}")
    if invalid:
        print(f"\n{len(invalid)} invalid case file(s):")
        for path, reason in invalid:
            print(f"  {path.parent.name}/{path.name}: {reason}")
    if args.mark_xfail:
        for outcomes in by_class.values():
            for outcome in outcomes:
                mark_xfail(outcome)
    if args.failures:
        print()
        for klass in CLASSES:
            for outcome in by_class.get(klass, []):
                if outcome.passed:
                    continue
                case = outcome.case
                mark = f" [xfail: {case.xfail}]" if case.xfail else ""
                print(f"FAIL {case.name} ({case.source}){mark}")
                wanted = case.finding + (f" + {', '.join(case.also)}" if case.also else "")
                print(f"     expected {wanted}; {outcome.describe()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
