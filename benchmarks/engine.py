"""Matching engine benchmark: team proposals at 50, 1k, 10k and 100k synthetic members.

Prints, in one run:

* **latency** of a team proposal (p50/p95 over varied requests), twice: ``solve`` starts
  from the request's prepared pool (member facts already computed, as a service keeps
  them for the week) and ``end-to-end`` includes that preparation (``prepare``);
* **heuristic/exact objective ratio** (mean and worst) over small pools where the exact
  solver finds a team;
* **speed-up against a naive scorer** — a pure-Python loop scoring every eligible member,
  then a greedy fill — measured on the same requests in the same run.

Mentor suggestions (``matcher/engine/mentors.py``) get their own rows when that module
lands; :func:`main` leaves room for them.

    python benchmarks/engine.py [--sizes 50,1000,10000,100000] [--ratio-instances 500]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from matcher.engine.evaluate import evaluator
from matcher.engine.exact import ExactSolver
from matcher.engine.heuristic import heuristic_best, shortlist
from matcher.engine.instance import Instance, parse_instance
from matcher.engine.pool import prepare
from matcher.engine.solve_team import solve_team

SKILLS = [
    "cuisine",
    "service-en-salle",
    "couture",
    "menuiserie",
    "peinture",
    "jardinage",
    "manutention",
    "garde-enfants",
    "informatique",
    "bricolage",
]
ZONES = ["alma", "epeule", "centre", "hauts-champs", "trois-ponts", "fresnoy"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
PASSIONS = ["cuisine du monde", "fête de quartier", "vélo", "jardin partagé", "musique"]
SATURDAYS = ["2026-12-05", "2026-12-12", "2026-12-19", "2027-01-09"]
WEEKDAY_DATES = ["2026-12-08", "2026-12-09", "2026-12-10", "2026-12-16"]


# =======================================================================================
# Synthetic cooperative


def synthetic_member(rnd: random.Random, i: int) -> dict[str, Any]:
    birth = rnd.choice(["1970-03-02", "1985-07-14", "1995-11-30", "2001-02-10"])
    if rnd.random() < 0.12:
        birth = rnd.choice(["2009-05-14", "2010-06-01"])
    skills = {s: rnd.choice([1, 2, 2, 3, 3, 4]) for s in rnd.sample(SKILLS, rnd.randint(1, 4))}
    windows = [
        {
            "day": d,
            "start": f"{rnd.choice([7, 8, 9]):02d}:00",
            "end": f"{rnd.choice([17, 18, 20]):02d}:00",
        }
        for d in rnd.sample(DAYS, rnd.randint(2, 6))
    ]
    booked = []
    for _ in range(rnd.choice([0, 0, 1, 2])):
        start = rnd.randint(8, 16)
        booked.append(
            {
                "date": rnd.choice(SATURDAYS + WEEKDAY_DATES),
                "start": f"{start:02d}:00",
                "end": f"{start + rnd.randint(1, 3):02d}:00",
            }
        )
    return {
        "id": f"m{i:06d}",
        "birth_date": birth,
        "contract_valid": rnd.random() < 0.95,
        "parental_authorisation": rnd.random() < 0.8,
        "skills": skills,
        "wishes": rnd.sample([s for s in SKILLS if s not in skills], 1),
        "availability": windows,
        "booked": booked,
        "max_hours_week": rnd.choice([10, 20, 35]),
        "paid_hours_recent": round(rnd.random() * 60, 1),
        "zone": rnd.choice(ZONES),
        "max_travel_minutes": rnd.choice([20, 30, 45]),
        "passions": rnd.sample(PASSIONS, rnd.randint(0, 2)),
        "accommodations": ["no_heavy_lifting"] if rnd.random() < 0.05 else [],
    }


def synthetic_request(rnd: random.Random, k: int) -> dict[str, Any]:
    lines = []
    for skill in rnd.sample(SKILLS, rnd.randint(1, 3)):
        lines.append(
            {
                "skill": skill,
                "min_level": rnd.choice([1, 2, 2, 3]),
                "count": rnd.choice([1, 1, 2]),
                "optional": rnd.random() < 0.2,
                "hazards": ["machine"] if skill == "menuiserie" else [],
            }
        )
    low = rnd.randint(2, 3)
    start = rnd.randint(8, 13)
    return {
        "id": f"r{k:04d}",
        "zone": rnd.choice(ZONES),
        "passions": rnd.sample(PASSIONS, 1),
        "sessions": [
            {
                "date": rnd.choice(SATURDAYS + WEEKDAY_DATES),
                "start": f"{start:02d}:00",
                "end": f"{start + rnd.randint(2, 6):02d}:00",
            }
        ],
        "skills": lines,
        "team_size": [low, low + rnd.randint(0, 2)],
        "learning_slots": rnd.choice([0, 1]),
        "private_home": rnd.random() < 0.1,
    }


def cooperative(members: int, seed: int = 1) -> dict[str, Any]:
    rnd = random.Random(seed)
    people = [synthetic_member(rnd, i) for i in range(members)]
    ids = [p["id"] for p in people]
    collaborations = [
        [a, b, rnd.randint(1, 7)]
        for a, b in (rnd.sample(ids, 2) for _ in range(members * 2 if members > 1 else 0))
    ]
    travel = {a: {b: rnd.choice([5, 10, 15, 25, 40]) for b in ZONES if b > a} for a in ZONES}
    return {
        "members": people,
        "collaborations": collaborations,
        "travel_minutes": travel,
        "public_holidays": ["2026-12-25"],
        "top": 3,
        "seed": seed,
    }


def with_request(base: Instance, request: dict[str, Any], top: int = 3) -> Instance:
    parsed = parse_instance({"members": [], "request": request}).request
    return dataclasses.replace(base, request=parsed, top=top)


# =======================================================================================
# Measures


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return (time.perf_counter() - start) * 1000, out


def naive_team(instance: Instance) -> list[str]:
    """The naive baseline: score every eligible member in pure Python, then fill greedily."""
    pool = prepare(instance)  # eligibility, as for the engine (excluded from both timings)
    req = instance.request
    assert req is not None
    wanted = {w for p in req.passions for w in p.split()}
    most = max(m.paid_hours_recent for m in instance.members) or 1.0
    scored = []
    for i, m in enumerate(instance.members):
        if not pool.eligible[i]:
            continue
        passion = len(wanted & {w for p in m.passions for w in p.split()}) / max(len(wanted), 1)
        travel = instance.travel(m.zone, req.zone)
        near = 0.5 if travel is None else max(0.0, 1 - travel / max(m.max_travel_minutes, 1))
        fair = 1 - m.paid_hours_recent / most
        level = sum(m.skills.get(line.skill, 0) for line in req.skills)
        scored.append((fair + passion + near + level / 4, i))
    scored.sort(reverse=True)
    team: list[int] = []
    for j, line in enumerate(req.skills):
        have = sum(1 for i in team if pool.can_cover[i, j])
        for _, i in scored:
            if have >= line.count:
                break
            if i not in team and pool.can_cover[i, j]:
                team.append(i)
                have += 1
    for _, i in scored:
        if len(team) >= req.team_size[0]:
            break
        if i not in team:
            team.append(i)
    return [pool.ids[i] for i in team]


def engine_team(instance: Instance) -> Any:
    """The engine's best proposal from a prepared pool (what ``solve`` latency measures)."""
    return solve_team(instance)


def latency_rows(sizes: list[int], requests: int) -> list[dict[str, Any]]:
    rows = []
    for size in sizes:
        base = parse_instance(cooperative(size))
        rnd = random.Random(size)
        count = requests if size <= 10_000 else max(5, requests // 4)
        solve_ms, total_ms, naive_ms, engine_ms = [], [], [], []
        for k in range(count):
            inst = with_request(base, synthetic_request(rnd, k))
            prep_ms, _ = timed(lambda inst=inst: (prepare(inst), evaluator(inst)))
            ms, _ = timed(lambda inst=inst: solve_team(inst))
            solve_ms.append(ms)
            total_ms.append(ms + prep_ms)
            # naive vs engine on the same prepared pool, best single team
            one = dataclasses.replace(inst, top=1)
            prepare(one), evaluator(one)
            naive, _ = timed(lambda one=one: naive_team(one))
            mine, _ = timed(lambda one=one: solve_team(one))
            naive_ms.append(naive)
            engine_ms.append(mine)
        rows.append(
            {
                "members": size,
                "requests": count,
                "solve_p50": percentile(solve_ms, 0.5),
                "solve_p95": percentile(solve_ms, 0.95),
                "e2e_p50": percentile(total_ms, 0.5),
                "e2e_p95": percentile(total_ms, 0.95),
                "naive_ms": statistics.mean(naive_ms),
                "engine_ms": statistics.mean(engine_ms),
            }
        )
        print(f"  measured {size} members", flush=True)
    return rows


def ratio_row(instances: int, seed: int = 7) -> dict[str, float]:
    """Heuristic/exact best total over small pools where the exact solver finds a team."""
    rnd = random.Random(seed)
    ratios: list[float] = []
    tried = 0
    while len(ratios) < instances:
        tried += 1
        base = cooperative(rnd.randint(8, 20), seed=rnd.randint(0, 10**9))
        base["request"] = synthetic_request(rnd, tried)
        inst = parse_instance(base)
        ev = evaluator(inst)
        exact = ExactSolver(ev).best()
        if exact.candidate is None:
            continue
        heur = heuristic_best(ev, shortlist(ev), inst.seed)
        value = 0.0 if heur is None else ev.total(heur)
        ratios.append(value / exact.total if exact.total > 0 else 1.0)
    return {
        "instances": len(ratios),
        "tried": tried,
        "mean": statistics.mean(ratios),
        "worst": min(ratios),
        "optimal_share": sum(r >= 1 - 1e-9 for r in ratios) / len(ratios),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="50,1000,10000,100000")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--ratio-instances", type=int, default=500)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = latency_rows(sizes, args.requests)
    print()
    print("Team proposal (top 3, in-process; ms)")
    print(
        f"{'members':>8} {'requests':>8} {'solve p50':>10} {'solve p95':>10} "
        f"{'e2e p50':>9} {'e2e p95':>9} {'naive':>8} {'engine':>8} {'speed-up':>9}"
    )
    for r in rows:
        speed = r["naive_ms"] / r["engine_ms"] if r["engine_ms"] else float("inf")
        print(
            f"{r['members']:>8} {r['requests']:>8} {r['solve_p50']:>10.1f} {r['solve_p95']:>10.1f} "
            f"{r['e2e_p50']:>9.1f} {r['e2e_p95']:>9.1f} {r['naive_ms']:>8.2f} "
            f"{r['engine_ms']:>8.2f} {speed:>8.2f}x"
        )
    print("targets: solve p95 ≤ 50 ms at 1k, ≤ 200 ms at 100k; ≥ 20x faster than naive at 1k")
    print()
    ratio = ratio_row(args.ratio_instances)
    print(
        f"Heuristic/exact objective ratio over {ratio['instances']} instances "
        f"({ratio['tried']} drawn, 8–20 members): mean {ratio['mean']:.4f}, "
        f"worst {ratio['worst']:.4f}, optimal in {ratio['optimal_share']:.1%}"
    )
    print("targets: mean ≥ 0.99, worst ≥ 0.95")
    print()
    print("Mentor suggestions: see matcher/engine/mentors.py (rows to come)")


if __name__ == "__main__":
    main()
