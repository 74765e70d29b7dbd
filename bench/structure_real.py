"""How well the structure stage reads real municipal minutes, against truth files written by reading them.

    .venv/bin/python -m bench.structure_real [--scanned [--seed N]] [--set tuning|held_out|all|blind|blind_new] [--make-ocr] [--misses]
        [--only NAME ...]

Each document goes through the pipeline's normaliser and then the structure stage, as at reindex.
Prints, per document, per organisation and in total, the figures of issue 15: § found (recall),
§ titles right, own case numbers found, board right and meeting date right (where the truth gives
them: a text without its head names neither), decisions right (decision or not, and the decision
text's start), plus the signing date where the truth gives one, and staff searches
(bench/structure_truth/queries.toml) with the right § among the first three hits, over an index of
the set's paragraphs built with the product's index code. `--scanned` runs on the
OCR'd pages of a rendered scan (cached, see bench/real_minutes.py; `--make-ocr` makes missing ones,
which takes minutes per document; `--seed N` renders the scans with other noise, for a second OCR of the
same pages). `--only` keeps the named truth files of the set, to measure documents once as they are
added. The truth files and the tuning/held-out split are in bench/structure_truth/. Documents that
are not on this machine are listed as skipped.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bench.real_minutes import as_document, find_document, scanned_pages, text_pages
from rapidfuzz import fuzz

from protokoll.archive import Archive
from protokoll.index import store
from protokoll.index.search import SearchRequest, search

from protokoll.normalize import default_normaliser
from protokoll.pipeline import repaired_pages
from protokoll.records import case_key
from protokoll.structure.paragraphs import analyse

TRUTH_DIR = Path(__file__).resolve().parent / "structure_truth"
MEASURES = ["§ found", "titles", "case numbers", "board", "meeting date", "decisions", "signing date",
            "queries top 3"]


def truth_files(which: str, only: list[str] | None = None) -> list[Path]:
    split = tomllib.loads((TRUTH_DIR / "split.toml").read_text(encoding="utf-8"))
    names = split["tuning"] + split["held_out"] if which == "all" else split[which]
    return [TRUTH_DIR / f"{name}.toml" for name in names if not only or name in only]


def same(found: str | None, wanted: str, scanned: bool, prefix: bool = False) -> bool:
    """Text export: equal as plain text. OCR'd scan: at least 90 % alike (rapidfuzz ratio), since OCR
    changes letters (å read as a) that the structure stage cannot know; what is measured is whether it
    took the right line (the title, not the case number or the body)."""
    found, wanted = plain(found), plain(wanted)
    if prefix:
        found = found[: len(wanted)]
    return found == wanted or (scanned and fuzz.ratio(found, wanted) >= 90)


def plain(text: str | None) -> str:
    """Text as compared: case, spacing, dashes and end punctuation do not count."""
    text = (text or "").replace("–", "-").replace("—", "-")
    return " ".join(text.casefold().split()).strip(" .:")


@dataclass
class Score:
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))
    misses: list[str] = field(default_factory=list)

    def add(self, measure: str, ok: bool, miss: str = "") -> None:
        self.total[measure] += 1
        self.right[measure] += bool(ok)
        if not ok and miss:
            self.misses.append(f"{measure}: {miss}")

    def merge(self, other: "Score") -> None:
        for m in MEASURES:
            self.right[m] += other.right[m]
            self.total[m] += other.total[m]

    def cell(self, measure: str) -> str:
        return f"{self.right[measure] / self.total[measure]:.2f}" if self.total[measure] else "  - "


def score_document(truth: dict, pages: list[str], path: Path, kind: str, records_out: list | None = None) -> Score:
    doc = as_document(path, pages, kind)
    # as the pipeline runs it: the normaliser, then structure
    info, records = analyse(doc, repaired_pages(doc, default_normaliser()))
    if records_out is not None:
        records_out.extend(records)
    by_section = {r.section: r for r in records if r.section}
    score = Score()
    scanned = kind == "scan"
    if truth["board"]:
        score.add("board", plain(info.body) == plain(truth["board"]), f"{info.body!r} != {truth['board']!r}")
    if truth["meeting_date"]:
        score.add("meeting date", info.date == truth["meeting_date"], f"{info.date} != {truth['meeting_date']}")
    if truth.get("signing_date"):
        score.add("signing date", getattr(info, "signing_date", None) == truth["signing_date"],
                  f"{getattr(info, 'signing_date', None)} != {truth['signing_date']}")
    for want in truth.get("paragraph", []):
        got = by_section.get(want["section"])
        score.add("§ found", got is not None, want["section"])
        score.add("titles", got is not None and same(got.title, want["title"], scanned),
                  f"{want['section']} {got.title if got else None!r} != {want['title']!r}")
        found = {case_key(c) for c in (got.case_numbers if got else [])}
        for case in want["cases"]:
            score.add("case numbers", case_key(case) in found, f"{want['section']} {case} not in {sorted(found)}")
        decided = got is not None and got.is_decision
        starts = not want["decision"] or same(got.decision if got else "", want["decision_start"][:40], scanned, prefix=True)
        score.add("decisions", decided == want["decision"] and starts,
                  f"{want['section']} {decided} {(got.decision or '')[:50] if got else ''!r}")
    return score


def score_queries(records: list, documents: set[str], score: dict[str, Score]) -> None:
    """Staff searches (bench/structure_truth/queries.toml) over an index of these paragraphs: is the
    paragraph they look for among the first three hits?"""
    wanted = [q for q in tomllib.loads((TRUTH_DIR / "queries.toml").read_text(encoding="utf-8"))["query"]
              if q["document"] in documents]
    if not wanted or not records:
        return
    with tempfile.TemporaryDirectory() as work:
        archive = Archive(Path(work))
        archive.documents_dir.mkdir(parents=True)
        store.build(archive, records)
        for q in wanted:
            hits = search(archive, SearchRequest(q["text"], limit=3)).hits
            found = any(Path(h["source"]).stem == q["document"] and h["section"] == q["section"] for h in hits)
            top = [f"{Path(h['source']).stem[11:]} {h['section']}" for h in hits]
            score[q["document"]].add("queries top 3", found, f"{q['text']!r} -> {q['section']}, got {top}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default="all", choices=["tuning", "held_out", "all", "blind", "blind_new"],
                    help="all: tuning and held_out; blind: the final blind set, blind_new: a new "
                         "organisation kept blind, each only when meant")
    ap.add_argument("--scanned", action="store_true", help="the OCR'd scans instead of the text")
    ap.add_argument("--make-ocr", action="store_true", help="OCR scans that are not cached yet")
    ap.add_argument("--misses", action="store_true", help="list what each document got wrong")
    ap.add_argument("--seed", type=int, default=1,
                    help="with --scanned: the scan rendered with this seed of noise and tilt (1: the figures' own)")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="only these truth files (names without .toml)")
    args = ap.parse_args()
    sets = ["tuning", "held_out"] if args.set == "all" else [args.set]
    kind = "scan" if args.scanned else "text"
    print(f"structure on real minutes, {'scanned and OCR' + chr(39) + 'd' if args.scanned else 'born-digital text'}"
          + (f", scan seed {args.seed}" if args.scanned and args.seed != 1 else ""))
    header = f"{'document':34} " + " ".join(f"{m[:12]:>12}" for m in MEASURES)
    for which in sets:
        print(f"\n[{which}]\n{header}")
        total = Score()
        scores: dict[str, Score] = {}
        organisations: dict[str, str] = {}  # document -> organisation, for the totals per organisation
        records: list = []
        for truth_path in truth_files(which, args.only):
            truth = tomllib.loads(truth_path.read_text(encoding="utf-8"))
            path = find_document(truth["document"])
            pages = None
            if path:
                pages = scanned_pages(path, make=args.make_ocr, seed=args.seed) if args.scanned else text_pages(path)
            if pages is None:
                print(f"{truth_path.stem:34} skipped: {'no OCR cached' if path else 'document not on this machine'}")
                continue
            scores[truth_path.stem] = score_document(truth, pages, path, kind, records)
            organisations[truth_path.stem] = truth["organisation"]
        score_queries(records, set(scores), scores)
        for name, score in scores.items():
            total.merge(score)
            print(f"{name[:34]:34} " + " ".join(f"{score.cell(m):>12}" for m in MEASURES))
            if args.misses:
                for miss in score.misses[:25]:
                    print(f"    {miss}")
        for organisation in sorted(set(organisations.values())):  # a template is an organisation's
            part = Score()
            for name in (n for n, o in organisations.items() if o == organisation):
                part.merge(scores[name])
            print(f"{'  ' + organisation[:32]:34} " + " ".join(f"{part.cell(m):>12}" for m in MEASURES))
        print(f"{'TOTAL ' + which:34} " + " ".join(f"{total.cell(m):>12}" for m in MEASURES))
        print(f"{'(counted)':34} " + " ".join(f"{total.total[m]:>12}" for m in MEASURES))
        print(f"{'(right)':34} " + " ".join(f"{total.right[m]:>12}" for m in MEASURES))


if __name__ == "__main__":
    sys.exit(main())
