"""Export: articles, events, actors and quotes as JSON Lines, CSV or Parquet (partitioned by month);
events as PLOVER JSON; the actor network as GraphML or GEXF for Gephi."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree as ET

from dateline import __version__
from dateline.export.safe import csv_cell, xml_text
from dateline.records import AnalyzedArticle

FORMATS = ("jsonl", "csv", "parquet")
#: The article's own fields; derived lists go in as counts (CSV) or JSON text (Parquet).
ARTICLE_COLUMNS = ("id", "url", "title", "published", "dateline", "authors", "subheadings", "text")
DERIVED = ("entities", "quotes", "timexes", "events")
#: PLOVER's quad classes: verbal and material cooperation, verbal and material conflict.
QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1,
    "COOPERATE": 2, "AID": 2, "CONCEDE": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip


@contextmanager
def _opened(output: str | None) -> Iterator[IO[str]]:
    if not output or output == "-":
        yield sys.stdout
        return
    with open(output, "w", encoding="utf-8", newline="") as stream:
        yield stream


def write(items: Iterable[AnalyzedArticle], fmt: str, output: str | None) -> int:
    """Articles with everything derived from them; returns the count. Parquet goes to a folder."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} for articles; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        return _articles_parquet(items, _folder(output))
    with _opened(output) as stream:
        n = 0
        if fmt == "jsonl":
            for item in items:
                stream.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
                n += 1
            return n
        writer = csv.writer(stream)
        writer.writerow([*ARTICLE_COLUMNS, *DERIVED])
        for item in items:
            d = item.to_dict()
            writer.writerow([_cell(d[c]) for c in ARTICLE_COLUMNS] + [len(d[k]) for k in DERIVED])
            n += 1
        return n


def write_rows(rows: list[dict[str, Any]], fmt: str, output: str | None, month_of: str | None = None) -> int:
    """Query rows (events, actors, quotes) as JSON Lines, CSV, or Parquet partitioned by the month of
    the `month_of` column."""
    if fmt == "parquet":
        _rows_parquet(rows, _folder(output), month_of)
        return len(rows)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    with _opened(output) as stream:
        if fmt == "jsonl":
            for row in rows:
                stream.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        else:
            columns = list(rows[0]) if rows else []
            writer = csv.writer(stream)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_cell(row.get(c)) for c in columns])
    return len(rows)


def plover(events: list[dict[str, Any]], output: str | None) -> int:
    """Events as PLOVER JSON records (one a line), with the PLOVER manual's field names."""
    coded = datetime.now(UTC).date().isoformat()

    def entity(p: dict[str, Any]) -> dict[str, Any]:
        return {
            "code": p.get("country"),
            "sector": p.get("sector"),
            "entity_text": p.get("name"),
            "identifier_id": f"dateline-actor-{p.get('actor_id')}",
            "identifier_text": p.get("name"),
        }

    with _opened(output) as stream:
        for e in events:
            record = {
                "id": f"dateline-{e['id']}",
                "date": e.get("date"),
                "actor": [entity(p) for p in e.get("actor", [])],
                "recipient": [entity(p) for p in e.get("recipient", [])],
                "event": [e["type"]],
                "mode": [e["mode"]] if e.get("mode") else [],
                "quad_code": QUAD.get(e["type"]),
                "event_loc": {
                    "name": e.get("place"),
                    "country": e.get("place_country"),
                    "lat": e.get("lat"),
                    "lon": e.get("lon"),
                }
                if e.get("place")
                else None,
                "event_text": [e["sentence"]] if e.get("sentence") else [],
                "reports": e.get("reports"),
                "confidence": e.get("confidence"),
                "coder": f"dateline {__version__}",
                "coded_date": coded,
            }
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(events)


def network(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], fmt: str, output: str | None) -> int:
    """The actor network as GraphML or GEXF: actors as nodes, one weighted edge per pair and event type."""
    if fmt == "graphml":
        root = _graphml(nodes, edges)
    elif fmt == "gexf":
        root = _gexf(nodes, edges)
    else:
        raise ValueError(f"unknown network format {fmt!r}; choose graphml or gexf")
    ET.indent(root)
    data = ET.tostring(root, encoding="unicode", xml_declaration=True)
    with _opened(output) as stream:
        stream.write(data + "\n")
    return len(edges)


_NODE_FIELDS = ("name", "type", "country", "sector")


def _graphml(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> ET.Element:
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    for name in _NODE_FIELDS:
        ET.SubElement(root, "key", {"id": name, "for": "node", "attr.name": name, "attr.type": "string"})
    ET.SubElement(root, "key", {"id": "event", "for": "edge", "attr.name": "event", "attr.type": "string"})
    ET.SubElement(root, "key", {"id": "weight", "for": "edge", "attr.name": "weight", "attr.type": "int"})
    graph = ET.SubElement(root, "graph", id="dateline", edgedefault="directed")
    for n in nodes:
        node = ET.SubElement(graph, "node", id=f"a{n['id']}")
        for name in _NODE_FIELDS:
            ET.SubElement(node, "data", key=name).text = xml_text(str(n.get(name) or ""))
    for i, e in enumerate(edges):
        edge = ET.SubElement(graph, "edge", id=f"e{i}", source=f"a{e['source']}", target=f"a{e['target']}")
        ET.SubElement(edge, "data", key="event").text = xml_text(e["type"])
        ET.SubElement(edge, "data", key="weight").text = str(e["events"])
    return root


def _gexf(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> ET.Element:
    root = ET.Element("gexf", xmlns="http://gexf.net/1.3", version="1.3")
    ET.SubElement(ET.SubElement(root, "meta"), "creator").text = f"dateline {__version__}"
    graph = ET.SubElement(root, "graph", defaultedgetype="directed", mode="static")
    attributes = ET.SubElement(graph, "attributes", {"class": "node"})
    for i, name in enumerate(_NODE_FIELDS[1:]):
        ET.SubElement(attributes, "attribute", id=str(i), title=name, type="string")
    edge_attributes = ET.SubElement(graph, "attributes", {"class": "edge"})
    ET.SubElement(edge_attributes, "attribute", id="0", title="event", type="string")
    xml_nodes = ET.SubElement(graph, "nodes")
    for n in nodes:
        node = ET.SubElement(xml_nodes, "node", id=f"a{n['id']}", label=xml_text(str(n.get("name") or "")))
        values = ET.SubElement(node, "attvalues")
        for i, name in enumerate(_NODE_FIELDS[1:]):
            ET.SubElement(values, "attvalue", {"for": str(i), "value": xml_text(str(n.get(name) or ""))})
    xml_edges = ET.SubElement(graph, "edges")
    for i, e in enumerate(edges):
        edge = ET.SubElement(
            xml_edges,
            "edge",
            id=str(i),
            source=f"a{e['source']}",
            target=f"a{e['target']}",
            weight=str(e["events"]),
            label=xml_text(e["type"]),
        )
        ET.SubElement(
            ET.SubElement(edge, "attvalues"), "attvalue", {"for": "0", "value": xml_text(e["type"])}
        )
    return root


def _cell(value: Any) -> Any:
    """A CSV cell: lists joined, dicts as JSON, text that a spreadsheet would run neutralised."""
    if isinstance(value, list):
        value = "; ".join(v.get("name", json.dumps(v)) if isinstance(v, dict) else str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    return "" if value is None else csv_cell(value)


def _folder(output: str | None) -> Path:
    if not output or output == "-":
        raise ValueError("parquet needs --output FOLDER (it is written partitioned by month)")
    return Path(output)


def _month(value: Any) -> str:
    return str(value)[:7] if value and len(str(value)) >= 7 else "unknown"


def _articles_parquet(items: Iterable[AnalyzedArticle], folder: Path) -> int:
    import pyarrow as pa

    rows = [item.to_dict() for item in items]
    schema = pa.schema(
        [
            (c, pa.list_(pa.string()) if c in ("authors", "subheadings") else pa.string())
            for c in ARTICLE_COLUMNS
        ]
        + [(k, pa.string()) for k in DERIVED]
        + [("month", pa.string())]
    )
    columns: dict[str, list[Any]] = {c: [r[c] for r in rows] for c in ARTICLE_COLUMNS}
    columns.update({k: [json.dumps(r[k], ensure_ascii=False) for r in rows] for k in DERIVED})
    columns["month"] = [_month(r["published"]) for r in rows]
    _write_dataset(pa.table(columns, schema=schema), folder, partitioned=True)
    return len(rows)


def _rows_parquet(rows: list[dict[str, Any]], folder: Path, month_of: str | None) -> None:
    import pyarrow as pa

    flat = [
        {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in r.items()}
        for r in rows
    ]
    if month_of:
        for r in flat:
            r["month"] = _month(r.get(month_of))
    _write_dataset(pa.Table.from_pylist(flat), folder, partitioned=month_of is not None)


def _write_dataset(table: Any, folder: Path, partitioned: bool) -> None:
    import pyarrow.dataset as ds

    folder.mkdir(parents=True, exist_ok=True)
    ds.write_dataset(
        table,
        folder,
        format="parquet",
        partitioning=["month"] if partitioned and table.num_rows else None,
        partitioning_flavor="hive",
        existing_data_behavior="delete_matching",
    )
