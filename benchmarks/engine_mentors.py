"""Latency of mentor suggestions (``suggest_mentors`` for one wish) on synthetic collectives.

For each size a synthetic instance is generated (seeded), parsed once, and asked the
mentors of ``queries`` random wishes, in process, one after the other, as a service
answering learners would. The per-instance lookups (weekly unions, who holds which skill,
who wishes what) are built by the first question; that cost is shown apart (``build``)
and the p50/p95 are over the following questions. Group sessions and reasons are
included: the timed call returns the full JSON-ready answer.

Synthetic members: one skill id per 10 members, from 30 to 300 (levels 1–4 on 3–6 of
them), 1–3 wishes, 1–4 weekly windows, 20 zones with a travel table, 10 % minors, 70 %
with a valid honorability check under ``honorability_required``, capacities 0–3 with 0–2
active mentees.

    python benchmarks/engine_mentors.py [--sizes 50,1000,10000] [--queries 200]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence
from typing import Any

from matcher.engine.instance import Instance, Wish, parse_instance
from matcher.engine.mentors import suggest_mentors
from matcher.vocabulary import WEEKDAYS

#: The skill vocabulary grows with the collective (30 skills at 50 members, 300 from 3k).
MAX_SKILLS = 300
ZONES = [f"z{i:02d}" for i in range(20)]
REFERENCE = "2026-12-01"


def _windows(rng: random.Random) -> list[dict[str, str]]:
    out = []
    for _ in range(rng.randint(1, 4)):
        start = rng.randrange(8, 19)
        end = min(22, start + rng.choice((1, 2, 3, 4)))
        out.append(
            {"day": rng.choice(WEEKDAYS), "start": f"{start:02d}:00", "end": f"{end:02d}:00"}
        )
    return out


def synthetic_instance(members: int, seed: int = 1) -> Instance:
    """A mentors instance of ``members`` synthetic members (deterministic for ``seed``)."""
    rng = random.Random(seed)
    skill_ids = [f"s{i:03d}" for i in range(min(MAX_SKILLS, max(30, members // 10)))]
    people: list[dict[str, Any]] = []
    for i in range(members):
        skills = {s: rng.randint(1, 4) for s in rng.sample(skill_ids, rng.randint(3, 6))}
        wishes = rng.sample([s for s in skill_ids if s not in skills], rng.randint(1, 3))
        minor = rng.random() < 0.1
        people.append(
            {
                "id": f"m{i:06d}",
                "birth_date": "2009-05-14" if minor else f"{rng.randint(1960, 2005)}-03-01",
                "skills": skills,
                "wishes": wishes,
                "availability": _windows(rng),
                "zone": rng.choice(ZONES),
                "max_travel_minutes": rng.choice((15, 30, 45)),
                "mentor_capacity": rng.randint(0, 3),
                "mentees_active": rng.randint(0, 2),
                "honorability_valid": rng.random() < 0.7,
            }
        )
    related = [
        [a, b, round(rng.uniform(0.3, 0.9), 2)]
        for a, b in (rng.sample(skill_ids, 2) for _ in range(len(skill_ids) // 2))
    ]
    travel = {a: {b: rng.randint(5, 50) for b in ZONES if b > a} for a in ZONES}
    collaborations = (
        [
            [people[a]["id"], people[b]["id"], rng.randint(1, 6)]
            for a, b in (rng.sample(range(members), 2) for _ in range(members))
        ]
        if members >= 2
        else []
    )
    return parse_instance(
        {
            "date": REFERENCE,
            "seed": seed,
            "top": 3,
            "policy": {"honorability_required": True},
            "members": people,
            "related_skills": related,
            "travel_minutes": travel,
            "collaborations": collaborations,
        }
    )


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(members: int, queries: int = 200, seed: int = 1) -> dict[str, float]:
    """Build time of the lookups, p50/p95 of one suggestion, share of answered wishes."""
    instance = synthetic_instance(members, seed)
    rng = random.Random(seed + 1)
    asks = []
    for _ in range(queries + 1):
        learner = rng.choice(instance.members)
        asks.append(Wish(learner.id, rng.choice(learner.wishes)))
    start = time.perf_counter()
    suggest_mentors(instance, asks[0])
    build = time.perf_counter() - start
    times, answered = [], 0
    for wish in asks[1:]:
        start = time.perf_counter()
        out = suggest_mentors(instance, wish)
        times.append(time.perf_counter() - start)
        answered += bool(out["mentors"])
    return {
        "members": members,
        "build_ms": build * 1000,
        "p50_ms": _percentile(times, 0.5) * 1000,
        "p95_ms": _percentile(times, 0.95) * 1000,
        "answered": answered / queries,
    }


def mentor_latency_table(sizes: Sequence[int], queries: int = 200, seed: int = 1) -> list[dict]:
    """Measure every size and print the table (one row per size); return the rows."""
    rows = [measure(n, queries, seed) for n in sizes]
    print(f"{'members':>8} {'build ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'answered':>9}")
    for r in rows:
        print(
            f"{r['members']:>8} {r['build_ms']:>9.1f} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} "
            f"{r['answered']:>9.0%}"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="50,1000,10000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    mentor_latency_table([int(s) for s in args.sizes.split(",")], args.queries, args.seed)


if __name__ == "__main__":
    main()
