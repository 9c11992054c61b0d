"""Foundation benchmark: the learner search box on the large demo (first page of 100, with the total).

Targets: median ≤ 30 ms, p95 ≤ 60 ms over 50 varied queries, as the clerk types them: folded names, a given
name, full names without marks, unit words, CCCD fragments, birth years, a name with a year, and misses.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import closing
from typing import Any

QUERIES = (
    # folded names and parts of names
    "nguyen thi",
    "nguyen van",
    "tran thi",
    "le van",
    "pham",
    "hoang",
    "my",
    "thi my",
    "nguyen thi my",
    "Nguyễn Thị Mỵ",
    # full names typed without marks
    "nguyen van hung",
    "tran thi lan",
    "le thi hoa",
    "pham van minh",
    "hoang duc thang",
    "vo thi thu ha",
    "k' breu",
    "ka diep",
    "touneh ha hung",
    "bui thi hang",
    # a given name alone
    "hung",
    "lan",
    "thao",
    "dung",
    "linh",
    # unit and place words
    "hiep thanh",
    "ninh gia",
    "chi bo thon 3",
    "doan thanh nien",
    "hoi phu nu",
    "ta nang",
    "truong thcs",
    "ubnd xa",
    "lien nghia",
    # CCCD fragments
    "068090",
    "0680851",
    "068195",
    "12345",
    "036",
    # birth years, and a name with a year
    "1985",
    "1990",
    "2001",
    "nguyen thi 1990",
    "tran van 1985",
    "hung 1978",
    # misses
    "xyz",
    "zzqq",
    "nguyen thi zeta",
    "0000000",
    "",
)
PASSES = 3


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def _median_ms(action: Callable[[], object], repeat: int = 5) -> float:
    action()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def _explain(ctx: Any, query: str) -> None:
    """Print SQLite's plan for the search's page query (to stderr), to see which index it walks."""
    from sqlalchemy import and_, select
    from sqlalchemy.dialects import sqlite

    from trungtam_desktop.db import models as orm
    from trungtam_desktop.services.learners import search_filter

    where = and_(*search_filter(query), orm.Learner.archived.is_(False))
    stmt = select(orm.Learner.id).where(where).order_by(orm.Learner.sort_key, orm.Learner.id).limit(100)
    sql = str(stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    with closing(sqlite3.connect(ctx.database_path)) as conn:
        plan = [row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    print(f"plan for {query!r}: {'; '.join(plan)}", file=sys.stderr)


def run(ctx: Any) -> list[tuple[str, float, str]]:
    assert len(QUERIES) == 50
    services = ctx.services
    search = services.learners.search
    for query in QUERIES:  # warm the page cache and the connection pool once
        search(query, limit=100)
    timings: dict[str, list[float]] = {query: [] for query in QUERIES}
    for _ in range(PASSES):
        for query in QUERIES:
            start = time.perf_counter()
            page = search(query, limit=100)
            timings[query].append((time.perf_counter() - start) * 1000)
            assert len(page.items) <= 100
    samples = [t for values in timings.values() for t in values]
    slowest = sorted(timings.items(), key=lambda item: -statistics.median(item[1]))[:8]
    print("slowest queries (median ms):", file=sys.stderr)
    for query, values in slowest:
        print(f"  {statistics.median(values):8.1f}  {query!r}", file=sys.stderr)
    _explain(ctx, "nguyen thi zeta")
    first = services.learners.search("", limit=1).items[0].id
    return [
        ("learner_search_median", statistics.median(samples), "ms"),
        ("learner_search_p95", _percentile(samples, 0.95), "ms"),
        ("learner_search_max", max(samples), "ms"),
        ("learner_page_offset_5000", _median_ms(lambda: search("", offset=5000, limit=100)), "ms"),
        ("learner_count", _median_ms(services.learners.count), "ms"),
        ("learner_history", _median_ms(lambda: services.learners.history(first)), "ms"),
        ("class_list_year", _median_ms(lambda: services.classes.list(year=2024)), "ms"),
        ("class_list_all", _median_ms(services.classes.list), "ms"),
    ]
