"""Demo cooperative at scale: generation and storage time, peak memory, per-member cost.

Prints one row per size with the cost per member and its ratio to the smallest size,
measured in the same run (a ratio near 1 means the path scales linearly). Each size runs in
its own process so that its peak memory (max RSS) is its own.

    python benchmarks/demo_scale.py [--sizes 1000,10000,100000] [--database-url URL]
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
from matcher.storage import repository

TODAY = date(2026, 11, 28)


def measure(members: int, url: str) -> dict[str, float]:
    requests = max(15, members // 20)
    start = time.perf_counter()
    dataset = demo.generate_demo(members=members, requests=requests, seed=1, today=TODAY)
    generated = time.perf_counter()
    database = services.open_db(url)
    write_start = time.perf_counter()
    with database.transaction() as session:
        repository.delete_all(session)
        repository.write_dataset(session, dataset)
    written = time.perf_counter()
    database.dispose()
    rows = sum(len(rows) for _, rows in dataset.tables())
    return {
        "members": members,
        "rows": rows,
        "generate_s": generated - start,
        "write_s": written - write_start,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        context = multiprocessing.get_context("spawn")
        for size in sizes:
            with context.Pool(1) as pool:
                results.append(pool.apply(measure, (size, url)))
    base = results[0]
    base_cost = (base["generate_s"] + base["write_s"]) / base["members"]
    print(
        f"{'members':>8} {'rows':>10} {'generate s':>11} {'write s':>8} "
        f"{'RSS MiB':>9} {'µs/member':>10} {'ratio':>6}"
    )
    for r in results:
        cost = (r["generate_s"] + r["write_s"]) / r["members"]
        print(
            f"{r['members']:>8} {r['rows']:>10} {r['generate_s']:>11.2f} {r['write_s']:>8.2f} "
            f"{r['peak_mib']:>9.1f} {cost * 1e6:>10.1f} {cost / base_cost:>6.2f}"
        )


if __name__ == "__main__":
    main()
