"""dateline's extracted text against bare trafilatura on the same pages.

python scripts/compare_extraction.py PAGES... [--gold-dir DIR] [--diff] [--json OUT]

PAGES are JSON Lines in the ScrapingHub layout ({"id", "html_file", "body"?}, html_file relative
to the file) or folders of saved pages (.html, .htm, .html.gz). `--gold-dir` holds plain-text gold
bodies named after the pages (NAME.txt for NAME.html). Where a page has gold, both texts are
scored as the ScrapingHub benchmark scores them (\\w+ tokens, bags of 4-token shingles, per-page P
and R averaged); with `--diff`, each page prints the paragraphs one side has and the other lacks
(dateline DROPPED what trafilatura kept, dateline ADDED what trafilatura left out; what dateline moves
to its subheadings or dateline field is counted apart), each with a short hash, so that judgements
can be recorded by page id and hash without the text.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from statistics import mean

import trafilatura

from dateline.extract import NoArticle, extract
from dateline.records import Article, RawDocument

TOKEN = re.compile(r"\w+")
#: A paragraph counts as present in the other text when this share of its shingles is there.
PRESENT = 0.8


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    toks = TOKEN.findall(text)
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1))) if toks else Counter()


def prf(gold: str, pred: str) -> tuple[float | None, float | None]:
    gs, ps = shingles(gold), shingles(pred)
    tp = sum((gs & ps).values())
    p = tp / sum(ps.values()) if ps else None
    r = tp / sum(gs.values()) if gs else None
    return p, r


def hmean(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def snippet_hash(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def read_page(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def pages(sources: list[str], gold_dir: Path | None) -> Iterator[tuple[str, str, str | None]]:
    """(id, html, gold body or None) for every page of the sources."""
    for source in map(Path, sources):
        if source.is_dir():
            for path in sorted(source.rglob("*")):
                if path.is_file() and re.search(r"\.html?(\.gz)?$", path.name):
                    stem = re.sub(r"\.html?(\.gz)?$", "", path.name)
                    gold_path = gold_dir / f"{stem}.txt" if gold_dir else None
                    gold = gold_path.read_text(encoding="utf-8") if gold_path and gold_path.exists() else None
                    yield f"{source.name}/{path.relative_to(source)}", read_page(path), gold
        else:
            for line in source.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    rec = json.loads(line)
                    html = rec.get("html") or read_page(source.parent / rec["html_file"])
                    yield str(rec["id"]), html, rec.get("body")


def dateline_article(html: str) -> Article | None:
    try:
        return extract(RawDocument(html=html))
    except NoArticle:
        return None


def moved(paragraph: str, article: Article | None) -> bool:
    """A paragraph whose words dateline keeps, partly outside the text: in a subheading or the dateline."""
    if article is None or not (article.subheadings or article.dateline):
        return False
    # Word pairs, not 4-word shingles: a paragraph of trafilatura's can join a code block's last line
    # and the heading after it, which dateline keeps apart.
    kept = "\n".join([article.dateline or "", *article.subheadings, article.text])
    pairs = shingles(paragraph, 2)
    return not _missing(paragraph, kept) or sum((pairs & shingles(kept, 2)).values()) >= PRESENT * sum(
        pairs.values()
    )


def trafilatura_text(html: str) -> str:
    return trafilatura.extract(html) or ""


def differences(ours: str, theirs: str) -> tuple[list[str], list[str]]:
    """(paragraphs of theirs missing from ours, paragraphs of ours missing from theirs)."""
    return _missing(theirs, ours), _missing(ours, theirs)


def _missing(text: str, other: str) -> list[str]:
    have, other_tokens = shingles(other), " " + " ".join(TOKEN.findall(other)) + " "
    out = []
    for para in (p.strip() for p in re.split(r"\n+", text)):
        tokens = TOKEN.findall(para)
        if len(tokens) < 4:
            present = not tokens or f" {' '.join(tokens)} " in other_tokens
        else:
            s = shingles(para)
            present = sum((s & have).values()) >= PRESENT * sum(s.values())
        if not present:
            out.append(para)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pages", nargs="+")
    ap.add_argument("--gold-dir", type=Path)
    ap.add_argument("--diff", action="store_true", help="print the differing paragraphs of each page")
    ap.add_argument("--json", type=Path, help="write one JSON object a page to this file")
    args = ap.parse_args(argv)

    scored: dict[str, list[tuple[float | None, float | None]]] = {"dateline": [], "trafilatura": []}
    rows = []
    dropped_total = added_total = 0
    for page_id, html, gold in pages(args.pages, args.gold_dir):
        article = dateline_article(html)
        ours, theirs = article.text if article else "", trafilatura_text(html)
        dropped, added = differences(ours, theirs)
        moved_out = [d for d in dropped if moved(d, article)]
        dropped = [d for d in dropped if not moved(d, article)]
        dropped_total += len(dropped)
        added_total += len(added)
        row: dict[str, object] = {
            "id": page_id,
            "dropped": [[snippet_hash(d), len(d.split())] for d in dropped],
            "added": [[snippet_hash(a), len(a.split())] for a in added],
            "moved": len(moved_out),
        }
        line = f"{page_id}"
        if gold is not None:
            for name, text in (("dateline", ours), ("trafilatura", theirs)):
                p, r = prf(gold, text)
                scored[name].append((p, r))
                row[name] = {"precision": p, "recall": r}
                line += f"  {name} F1 {hmean(p or 0.0, r or 0.0):.3f}"
        line += f"  dropped {len(dropped)} added {len(added)} moved {len(moved_out)}"
        print(line)
        if args.diff:
            for tag, items in (("DROPPED", dropped), ("ADDED", added)):
                for item in items:
                    print(f"    {tag} {snippet_hash(item)} | {item[:300]}")
        rows.append(row)
    if args.json:
        args.json.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    print(f"pages {len(rows)}; paragraphs dateline dropped {dropped_total}, added {added_total}")
    for name, values in scored.items():
        if values:
            p = mean(v[0] for v in values if v[0] is not None)
            r = mean(v[1] for v in values if v[1] is not None)
            print(f"{name}: pages {len(values)} precision {p:.4f} recall {r:.4f} F1 {hmean(p, r):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
