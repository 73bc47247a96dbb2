"""The weekly batch at scale: wall time and peak memory of `run_batch` on a synthetic network.

For each size (members:requests) the demo generator builds the network, which is stored in
a fresh SQLite file (not timed); then a **fresh process** runs the whole batch for the ISO
week after the demo's "today" — lock, read, plans, one write transaction, digests and
``.eml`` files — so its peak memory (max RSS) is the batch's own. The table gives the cost
per request of the week and its ratio to the first size (near 1: the batch scales
linearly), and the share of the time spent reading the network, measured in the same run.
Targets (issue 5): 1k members / 200 requests in ≤ 30 s and ≤ 1 GiB; 100k / 5k in ≤ 10 min.

    python benchmarks/batch.py [--sizes 1000:200,100000:5000] [--database-url URL]

The demo spreads open requests over the current and the next week; ``requests`` is the
number generated, and the table prints how many fall in the batch week.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

from matcher import demo, services
from matcher.batch.service import run_batch
from matcher.storage import repository

TODAY = date(2026, 11, 28)
WEEK = "2026-W49"


def store(members: int, requests: int, url: str) -> None:
    dataset = demo.generate_demo(members=members, requests=requests, seed=1, today=TODAY)
    database = services.open_db(url)
    with database.transaction() as session:
        repository.delete_all(session)
        repository.write_dataset(session, dataset)
    database.dispose()


def measure(url: str, output: str) -> dict[str, float]:
    database = services.open_db(url)
    start = time.perf_counter()
    with database.transaction() as session:
        repository.read_dataset(session)
    read = time.perf_counter() - start
    start = time.perf_counter()
    result = run_batch(database, week=WEEK, output=Path(output))
    wall = time.perf_counter() - start
    database.dispose()
    return {
        "week_requests": sum(o.run.counts["requests"] for o in result.outcomes),
        "staffed": sum(o.run.counts["staffed"] for o in result.outcomes),
        "proposals": result.proposals,
        "wall_s": wall,
        "read_s": read,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000:200,100000:5000")
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    sizes = [tuple(int(x) for x in s.split(":")) for s in args.sizes.split(",")]
    rows = []
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as tmp:
        for members, requests in sizes:
            url = args.database_url or f"sqlite:///{Path(tmp) / f'bench-{members}.sqlite3'}"
            with context.Pool(1) as pool:
                pool.apply(store, (members, requests, url))
            with context.Pool(1) as pool:
                row = pool.apply(measure, (url, str(Path(tmp) / f"digests-{members}")))
            rows.append({"members": members, "requests": requests, **row})
            print(f"done: {members} members", flush=True)
    base = rows[0]["wall_s"] / max(rows[0]["week_requests"], 1)
    header = (
        f"{'members':>8} {'requests':>8} {'in week':>8} {'staffed':>8} {'proposals':>9} "
        f"{'wall s':>8} {'read s':>7} {'peak MiB':>9} {'s/request':>10} {'ratio':>6}"
    )
    print(header)
    for r in rows:
        per = r["wall_s"] / max(r["week_requests"], 1)
        print(
            f"{r['members']:>8} {r['requests']:>8} {r['week_requests']:>8} {r['staffed']:>8} "
            f"{r['proposals']:>9} {r['wall_s']:>8.1f} {r['read_s']:>7.1f} {r['peak_mib']:>9.0f} "
            f"{per:>10.3f} {per / base:>6.2f}"
        )


if __name__ == "__main__":
    main()
