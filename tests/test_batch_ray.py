"""dateline batch --engine ray, in local mode: the same records as the local runner on the same input."""

from __future__ import annotations

import json

import pytest

from dateline.runners import local, parquet

pytest.importorskip("ray.data")

pytestmark = [pytest.mark.ray, pytest.mark.slow]

TEXT = (
    "NAIROBI — Kenyan Foreign Minister Amina Wanjiru met Ethiopian Foreign Minister Dawit Bekele in Nairobi "
    'on Tuesday to discuss trade round {n}. "We agreed on a lot today," Wanjiru said.'
)


def test_batch_ray_and_local_runners_give_identical_records(tmp_path):
    from dateline.runners import ray_runner

    src = tmp_path / "in.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for n in range(5):
            f.write(json.dumps({"id": f"r{n}", "text": TEXT.format(n=n), "published": "2023-03-14"}) + "\n")
        f.write("{not json\n")
    local.run(local.Job([str(src)], tmp_path / "local", workers=1, shard_size=4))
    summary = ray_runner.run(ray_runner.RayJob([str(src)], tmp_path / "ray", workers=1))
    assert (summary.articles, summary.errors) == (5, 1)
    ray_rows = sorted(parquet.read_rows(tmp_path / "ray"), key=lambda r: (r["unit"], r["pos"]))
    local_rows = list(parquet.read_rows(tmp_path / "local"))
    assert ray_rows == local_rows
    assert any(r["entities"] for r in local_rows)  # the real pipeline ran
    same = (tmp_path / "ray" / local.ERRORS).read_text() == (tmp_path / "local" / local.ERRORS).read_text()
    assert same
