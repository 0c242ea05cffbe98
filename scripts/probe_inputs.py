"""Replay the hostile and careless inputs of the hardening issue against the `dateline` command.

Each probe is made here (in a temporary folder, or served on 127.0.0.1), given to a fresh
`python -m dateline` process, and measured: exit status, the first error line on stderr, the
process's peak memory (its own ru_maxrss) and its wall time. The table says, for each, whether it
held: no traceback, the expected exit status, memory under 1.5 GB and time under 60 s.

    python scripts/probe_inputs.py            # a table on stdout; exit 1 when a probe did not hold
    python scripts/probe_inputs.py --json     # one JSON object a probe

No probe sends a packet beyond 127.0.0.1: remote-looking URLs are malformed on purpose, and the
servers are started here on loopback.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

MEMORY_LIMIT_MB = 1536
TIME_LIMIT_S = 60.0
KILL_AFTER_S = 120.0


@dataclass
class Probe:
    name: str
    args: list[str]
    expect_exit: int | None = 1  # None: any status, as long as there is no traceback
    stdin: bytes | None = None
    env: dict[str, str] = field(default_factory=dict)
    #: Makes the probe's input files, only when the probe runs.
    setup: Callable[[], object] | None = None
    #: A check on (stdout, stderr) that must hold, with what it checks in words.
    check: Callable[[str, str], bool] | None = None
    check_says: str = ""


@dataclass
class Result:
    probe: str
    exit: int
    error_line: str
    peak_mb: float
    seconds: float
    held: bool
    why: str = ""


def run(probe: Probe, cwd: Path) -> Result:
    """One probe in its own process: status, first error line, peak memory and wall time."""
    out_path, err_path = cwd / "stdout", cwd / "stderr"
    stdin_path = cwd / "stdin"
    stdin_path.write_bytes(probe.stdin or b"")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **probe.env}
    with open(stdin_path, "rb") as si, open(out_path, "wb") as so, open(err_path, "wb") as se:
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "dateline", *probe.args], stdin=si, stdout=so, stderr=se, cwd=cwd, env=env
        )
        status, usage = 0, None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > KILL_AFTER_S:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    stdout = out_path.read_text("utf-8", "replace")
    stderr = err_path.read_text("utf-8", "replace")
    peak_mb = usage.ru_maxrss / 1024 if usage else 0.0
    error_line = next((line for line in stderr.splitlines() if "error" in line.lower()), "")
    problems = []
    if "Traceback" in stderr:
        problems.append("traceback")
    if probe.expect_exit is not None and proc.returncode != probe.expect_exit:
        problems.append(f"exit {proc.returncode}, expected {probe.expect_exit}")
    if peak_mb > MEMORY_LIMIT_MB:
        problems.append(f"peak {peak_mb:.0f} MB")
    if seconds > TIME_LIMIT_S:
        problems.append(f"{seconds:.0f} s")
    if probe.check and not probe.check(stdout, stderr):
        problems.append(f"not: {probe.check_says}")
    return Result(
        probe.name, proc.returncode, error_line[:100], peak_mb, seconds, not problems, "; ".join(problems)
    )


# --- the inputs -------------------------------------------------------------------------------


def gzip_bomb(path: Path, unpacked_mb: int) -> None:
    """A small .gz that unpacks to `unpacked_mb` MB of one repeated byte."""
    block = b"<p>" + b"a" * (2**20 - 3)
    with gzip.open(path, "wb", compresslevel=9) as f:
        for _ in range(unpacked_mb):
            f.write(block)


def jsonl(*records: object) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=True).encode() + b"\n" for r in records)


def lines_out(n: int) -> Callable[[str, str], bool]:
    return lambda out, err: len([line for line in out.splitlines() if line.strip()]) == n


def warc_record(uri: str, payload: bytes, truncate: int = 0) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + payload
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2020-12-08T10:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{abs(hash(uri)):032x}>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    body = http[: len(http) - truncate] if truncate else http
    return head + body + (b"" if truncate else b"\r\n\r\n")


PAGE = (
    b"<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1>"
    + b"<p>The foreign ministers of both countries met in Geneva on Monday to discuss a ceasefire.</p>" * 5
    + b"</article></body></html>"
)


class _Server:
    """Pages on 127.0.0.1: path -> (status, content type, body, seconds between bytes)."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, str, bytes, float]] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, ctype, body, trickle = pages.get(self.path, (404, "text/plain", b"not found", 0.0))
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if trickle:
                        for i in range(len(body)):
                            self.wfile.write(body[i : i + 1])
                            self.wfile.flush()
                            time.sleep(trickle)
                    else:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@contextmanager
def server() -> Iterator[_Server]:
    s = _Server()
    try:
        yield s
    finally:
        s.httpd.shutdown()
        s.httpd.server_close()


def make_store(folder: Path, records: bytes) -> Path:
    """A SQLite store holding `records` (JSON Lines), made by `dateline ingest`."""
    folder.mkdir(exist_ok=True)
    db = folder / "store.sqlite"
    if db.exists():
        return db
    (folder / "seed.jsonl").write_bytes(records)
    subprocess.run(
        [sys.executable, "-m", "dateline", "ingest", "--jsonl", str(folder / "seed.jsonl"), "--db", str(db)],
        check=True,
        capture_output=True,
    )
    return db


def probes(d: Path, site: _Server) -> list[Probe]:
    """Every probe of the issue, its inputs written under `d` or served by `site`."""
    ps: list[Probe] = []

    # One record must not stop the run.
    (d / "surrogate.jsonl").write_bytes(
        b'{"id": "s1", "title": "T\\ud800", "text": "Talks \\ud800 resumed on Monday."}\n'
        + jsonl({"id": "ok", "text": "The minister met the envoy on Monday."})
    )
    ps.append(
        Probe(
            "lone surrogate in JSONL",
            ["analyze", "--jsonl", "surrogate.jsonl"],
            0,
            check=lines_out(2),
            check_says="two output lines",
        )
    )
    long_text = ("The minister met the envoy in Geneva on Monday. " * 25_000)[:1_200_000]
    (d / "over-max-length.jsonl").write_bytes(jsonl({"id": "long", "text": long_text}))
    ps.append(
        Probe(
            "text over spaCy max_length",
            ["analyze", "--jsonl", "over-max-length.jsonl"],
            0,
            check=lines_out(1),
            check_says="one output line",
        )
    )
    ps.append(Probe("malformed URL (IPv4 256.256.256.256)", ["analyze", "http://256.256.256.256/"]))
    ps.append(Probe("malformed URL (IPv6 [::1)", ["analyze", "http://[::1/"]))
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
        "<item><title>A</title><link>http://[::1/</link><description>Talks resumed.</description></item>"
        "<item><title>B</title><link>http://256.256.256.256/x</link><description>x</description></item>"
        "</channel></rss>"
    )
    site.pages["/feed.rss"] = (200, "application/rss+xml", feed.encode(), 0.0)
    ps.append(Probe("malformed links in a fetched feed", ["analyze", site.base + "/feed.rss"], None))
    ps.append(
        Probe(
            "a stage that raises (injected)",
            ["analyze", "--jsonl", "-"],
            0,
            stdin=jsonl({"id": "x", "text": "The minister met the envoy in Geneva on Monday."}),
            env={"DATELINE_PROBE_FAIL_STAGE": "quotes"},
            check=lambda out, err: '"warnings"' in out and '"text"' in out,
            check_says="article kept with a warning",
        )
    )

    # Limits that must limit.
    for size in (1, 3):
        ps.append(
            Probe(
                f"gzip bomb .html.gz ({size} GB unpacked)",
                ["analyze", f"bomb-{size}.html.gz"],
                setup=lambda size=size: gzip_bomb(d / f"bomb-{size}.html.gz", 1024 * size),
            )
        )

    def jsonl_bomb() -> None:
        with gzip.open(d / "bomb.jsonl.gz", "wb", compresslevel=9) as f:
            f.write(b'{"id": "b", "text": "')
            for _ in range(1024):
                f.write(b"a" * 2**20)
            f.write(b'"}\n')

    ps.append(
        Probe("gzip bomb .jsonl.gz (1 GB line)", ["analyze", "--jsonl", "bomb.jsonl.gz"], setup=jsonl_bomb)
    )

    def long_line() -> None:
        with open(d / "long-line.jsonl", "wb") as f:
            f.write(b'{"id": "l", "text": "' + b"a" * (64 * 2**20) + b'"}\n')
            f.write(jsonl({"id": "ok", "text": "The minister met the envoy on Monday."}))

    ps.append(
        Probe(
            "64 MB JSONL line, then a good one",
            ["analyze", "--jsonl", "long-line.jsonl"],
            setup=long_line,
            check=lines_out(2),
            check_says="two output lines",
        )
    )
    text45 = ("The minister met the envoy in Geneva on Monday and said talks would go on. " * 62_000)[
        :4_500_000
    ]
    (d / "text-4.5mb.jsonl").write_bytes(jsonl({"id": "big", "text": text45}))
    ps.append(
        Probe(
            "4.5 MB text under the byte cap",
            ["analyze", "--jsonl", "text-4.5mb.jsonl"],
            0,
            check=lines_out(1),
            check_says="one output line",
        )
    )
    (d / "p-tags.html").write_bytes(b"<html><body>" + b"<p>a</p>" * (2**20) + b"</body></html>")
    ps.append(
        Probe(
            "8 MB page of <p> tags",
            ["analyze", "p-tags.html"],
            None,
            check=lines_out(1),
            check_says="one output line",
        )
    )
    site.pages["/slow"] = (200, "text/html", PAGE, 1.0)
    ps.append(
        Probe(
            "server sending a byte a second (--timeout 3)",
            ["analyze", "--allow-private", "--timeout", "3", site.base + "/slow"],
        )
    )
    os.mkfifo(d / "fifo.html")
    ps.append(Probe("a FIFO as input", ["analyze", "fifo.html"]))

    # Silent loss and wrong results.
    (d / "dup.jsonl").write_bytes(
        jsonl(
            {"id": "same", "text": "The minister met the envoy on Monday."},
            {"id": "same", "text": "The president visited the capital on Friday."},
        )
    )
    ps.append(
        Probe("same id, different texts (ingest)", ["ingest", "--jsonl", "dup.jsonl", "--db", "dup.sqlite"])
    )
    good = warc_record("http://example.org/good", PAGE)
    cut = warc_record("http://example.org/cut", PAGE, truncate=200)
    (d / "truncated.warc").write_bytes(good + cut)
    ps.append(
        Probe(
            "truncated WARC record",
            ["analyze", "truncated.warc"],
            check=lines_out(2),
            check_says="the good record and an error line",
        )
    )
    (d / "fields.jsonl").write_bytes(
        jsonl(
            {"id": "d1", "text": "The minister met the envoy on Monday.", "published": "not a date"},
            {"id": "d2", "text": "The minister met the envoy on Monday.", "published": "9999-99-99"},
            {"id": "d3", "text": "The minister met the envoy on Monday.", "authors": "a string"},
        )
    )
    ps.append(
        Probe(
            "published not a date, authors a string",
            ["analyze", "--jsonl", "fields.jsonl"],
            None,
            check=lambda out, err: all(
                json.loads(line).get("published") in (None,) and len(json.loads(line).get("authors", [])) <= 1
                for line in out.splitlines()
                if line.strip()
            ),
            check_says="bad dates dropped, authors one name",
        )
    )

    # Found by a new user.
    db = d / "kb" / "store.sqlite"
    kb_records = (
        jsonl(
            *[
                {
                    "id": f"a{i}",
                    "published": "2020-12-08",
                    "text": f"Minister Ahmed Karimi{i} met Prime Minister Lena Holt{i} in Geneva on Monday.",
                }
                for i in range(60)
            ]
        ),
    )
    ps.append(
        Probe(
            "events --format csv gives every row",
            ["events", "--db", str(db), "--format", "csv"],
            0,
            setup=lambda: make_store(d / "kb", *kb_records),
            check=lambda out, err: len(out.splitlines()) > 51,
            check_says="more than 50 rows",
        )
    )
    ps.append(
        Probe(
            "a mistyped --db",
            ["events", "--db", "no/such/store.sqlite"],
            check=lambda out, err: not (d / "no").exists(),
            check_says="no folder created",
        )
    )
    ps.append(
        Probe(
            "--type FOO",
            ["events", "--db", str(db), "--type", "FOO"],
            2,  # a usage error, as click reports every bad option value
            setup=lambda: make_store(d / "kb", *kb_records),
        )
    )
    site.pages["/feed2.rss"] = (
        200,
        "application/rss+xml",
        (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
            f"<item><title>Gone</title><link>{site.base}/gone</link>"
            "<description>Summary only.</description></item>"
            "</channel></rss>"
        ).encode(),
        0.0,
    )
    ps.append(
        Probe(
            "--follow, entry page answers 404",
            ["analyze", "--allow-private", "--follow", site.base + "/feed2.rss"],
        )
    )
    site.pages["/page"] = (200, "text/html", PAGE, 0.0)
    (d / "url-only.jsonl").write_bytes(jsonl({"id": "u", "url": site.base + "/page"}))
    ps.append(
        Probe(
            "JSONL record with only a url, from a file",
            ["analyze", "--allow-private", "--jsonl", "url-only.jsonl"],
            0,
            check=lambda out, err: "Geneva" in out,
            check_says="the page was fetched",
        )
    )
    ps.append(
        Probe(
            "error names its source",
            ["analyze", "no-such-file.html"],
            check=lambda out, err: "no-such-file.html" in err + out,
            check_says="the path is named",
        )
    )

    # Unsafe output (CSV, XML and terminal escaping have their own tests in tests/).
    ps.append(
        Probe(
            "URL password on stderr and in url",
            ["analyze", "http://user:hunter2@[::1/"],
            check=lambda out, err: "hunter2" not in out + err,
            check_says="no password shown",
        )
    )
    ps.append(
        Probe(
            "feed link to loopback refused without --allow-private",
            ["analyze", site.base + "/feed2.rss"],
            None,
            check=lambda out, err: "Traceback" not in err,
            check_says="no traceback",
        )
    )
    return ps


SITECUSTOMIZE = """
import os
stage = os.environ.get("DATELINE_PROBE_FAIL_STAGE")
if stage:
    import importlib
    module = importlib.import_module("dateline." + stage)
    names = {"quotes": "find_quotes", "events": "find_events", "actors": "find_entities"}
    name = names.get(stage, "find_timexes")
    def boom(*args, **kwargs):
        raise TypeError("injected failure")
    setattr(module, name, boom)
"""


def extra_checks(d: Path) -> list[Result]:
    """Probes that are not one command: two processes creating a store, a read-only store."""
    results = []
    fresh = d / "race.sqlite"
    records = d / "race.jsonl"
    records.write_bytes(jsonl({"id": "r", "text": "The minister met the envoy on Monday."}))
    start = time.monotonic()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "dateline", "ingest", "--jsonl", str(records), "--db", str(fresh)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    outs = [p.communicate() for p in procs]
    codes = [p.returncode for p in procs]
    err = " | ".join(e.decode("utf-8", "replace").strip().splitlines()[-1] for _, e in outs if e.strip())
    results.append(
        Result(
            "two processes create one store",
            max(codes),
            err[:100],
            0.0,
            time.monotonic() - start,
            codes == [0, 0],
            "" if codes == [0, 0] else f"exits {codes}",
        )
    )
    ro = d / "ro"
    ro.mkdir()
    db = ro / "store.sqlite"
    subprocess.run(
        [sys.executable, "-m", "dateline", "ingest", "--jsonl", str(records), "--db", str(db)],
        check=True,
        capture_output=True,
    )
    sqlite3.connect(db).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    db.chmod(0o444)
    ro.chmod(0o555)
    try:
        r = run(Probe("a read-only SQLite store (folder and file)", ["events", "--db", str(db)], 0), d)
    finally:
        ro.chmod(0o755)
    results.append(r)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON object a probe")
    parser.add_argument("-k", help="only probes whose name contains this")
    args = parser.parse_args()
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="dateline-probes-") as tmp, server() as site:
        d = Path(tmp)
        hook = d / "hook"
        hook.mkdir()
        (hook / "sitecustomize.py").write_text(SITECUSTOMIZE)
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(hook), os.environ.get("PYTHONPATH")]))
        for probe in probes(d, site):
            if args.k and args.k not in probe.name:
                continue
            if probe.setup:
                probe.setup()
            results.append(run(probe, d))
            report(results[-1], args.json)
        if not args.k or args.k in "two processes read-only":
            for r in extra_checks(d):
                results.append(r)
                report(r, args.json)
    failed = [r for r in results if not r.held]
    if not args.json:
        print(
            f"\n{len(results) - len(failed)} of {len(results)} probes held "
            f"(no traceback, expected exit, peak < {MEMORY_LIMIT_MB} MB, time < {TIME_LIMIT_S:.0f} s)"
        )
    return 1 if failed else 0


def report(r: Result, as_json: bool) -> None:
    if as_json:
        print(json.dumps(r.__dict__), flush=True)
        return
    mark = "ok " if r.held else "BAD"
    print(
        f"{mark} {r.probe:<48} exit {r.exit:>3}  {r.peak_mb:7.0f} MB  {r.seconds:6.1f} s  "
        f"{r.error_line or '-'}{'  [' + r.why + ']' if r.why else ''}",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
