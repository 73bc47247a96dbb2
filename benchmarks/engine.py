"""Matching engine benchmark: teams and mentors at 50, 1k, 10k and 100k synthetic members.

Prints one table, in one run:

* **team proposal** p50/p95 — ``solve_team`` (top 3, reasons included) for varied
  requests, from the request's instance to the JSON answer. What is *not* in it: parsing
  the collective and building its :class:`~matcher.engine.roster.Roster`, done once per
  collective and week (a service keeps that instance and derives each request's with
  ``dataclasses.replace``); that one-off cost is its own column (``roster``);
* **mentor suggestions** p50/p95 — ``suggest_mentors`` for one wish
  (``benchmarks/engine_mentors.py``, its own synthetic collective; its one-off lookups
  are the ``mentor build`` column);
* **speed-up against a naive scorer** — a pure-Python loop over members (the reference
  eligibility check, then a score per member), then a greedy fill — against
  ``solve_team`` with ``top`` 1, on the same requests, in the same run; with the share of
  naive teams that break a hard rule and their mean score against the engine's;
* **heuristic/exact objective ratio** (mean and worst) over ≥ 500 small pools where the
  exact solver finds a team.

    python benchmarks/engine.py [--sizes 50,1000,10000,100000] [--requests 40]
                                [--ratio-instances 500] [--mentor-queries 200]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from matcher.domain import is_minor_on
from matcher.engine.constraints import team_violations
from matcher.engine.eligibility import HEAVY_LOADS, member_blockers
from matcher.engine.evaluate import evaluator
from matcher.engine.exact import ExactSolver
from matcher.engine.heuristic import heuristic_best, shortlist
from matcher.engine.instance import Instance, parse_instance
from matcher.engine.roster import roster
from matcher.engine.scoring import score_team
from matcher.engine.solve_team import solve_team

sys.path.insert(0, str(Path(__file__).parent))
from engine_mentors import measure as mentor_measure

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
    """The request's instance, sharing the collective's members (and so its roster)."""
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
    """The naive baseline: a pure-Python loop over members, then a greedy fill.

    Each member is checked with the reference :func:`member_blockers` and, if eligible,
    scored (fair pay, passion words, travel, declared levels on the request's skills);
    the greedy fill then covers each line with the best-scored qualified members and
    tops the team up to its minimum size.
    """
    req = instance.request
    assert req is not None
    wanted = {w for p in req.passions for w in p.split()}
    most = max((m.paid_hours_recent for m in instance.members), default=0.0) or 1.0
    scored = []
    for m in instance.members:
        if member_blockers(instance, m):
            continue
        passion = len(wanted & {w for p in m.passions for w in p.split()}) / max(len(wanted), 1)
        travel = instance.travel(m.zone, req.zone)
        near = 0.5 if travel is None else max(0.0, 1 - travel / max(m.max_travel_minutes, 1))
        fair = 1 - m.paid_hours_recent / most
        level = sum(m.skills.get(line.skill, 0) for line in req.skills)
        scored.append((fair + passion + near + level / 4, m.id, m))
    scored.sort(key=lambda x: (-x[0], x[1]))
    minor_ids = {
        m.id for _, _, m in scored if any(is_minor_on(m.birth_date, s.date) for s in req.sessions)
    }

    def can_cover(m: Any, line: Any) -> bool:
        if m.skills.get(line.skill, -1) < line.min_level:
            return False
        if line.hazards and m.id in minor_ids:
            return False
        return not (HEAVY_LOADS in line.hazards and "no_heavy_lifting" in m.accommodations)

    team: list[str] = []
    for line in req.skills:
        have = sum(1 for _, i, m in scored if i in team and can_cover(m, line))
        for _, i, m in scored:
            if have >= line.count:
                break
            if i not in team and can_cover(m, line):
                team.append(i)
                have += 1
    for _, i, _ in scored:
        if len(team) >= req.team_size[0]:
            break
        if i not in team:
            team.append(i)
    return team


def latency_rows(sizes: list[int], requests: int, mentor_queries: int) -> list[dict[str, Any]]:
    rows = []
    for size in sizes:
        base = parse_instance(cooperative(size))
        build_ms, _ = timed(lambda base=base: roster(base))
        rnd = random.Random(size)
        count = requests if size <= 10_000 else max(5, requests // 4)
        team_ms, naive_ms, engine_ms = [], [], []
        naive_bad, naive_total, engine_total = 0, [], []
        naive_count = count if size <= 10_000 else 3
        for k in range(count):
            request = synthetic_request(rnd, k)
            ms, _ = timed(lambda b=base, q=request: solve_team(with_request(b, q)))
            team_ms.append(ms)
            if k >= naive_count:
                continue
            one = with_request(base, request, top=1)
            naive, team = timed(lambda one=one: naive_team(one))
            mine, out = timed(lambda b=base, q=request: solve_team(with_request(b, q, 1)))
            naive_ms.append(naive)
            engine_ms.append(mine)
            if out["teams"]:
                engine_total.append(out["teams"][0]["score"]["total"])
                naive_ok = len(team) > 0 and not team_violations(one, team)
                naive_bad += not naive_ok
                naive_total.append(score_team(one, team)["total"] if naive_ok else 0.0)
        mentors = mentor_measure(size, mentor_queries if size <= 10_000 else mentor_queries // 4)
        rows.append(
            {
                "members": size,
                "requests": count,
                "roster_ms": build_ms,
                "team_p50": percentile(team_ms, 0.5),
                "team_p95": percentile(team_ms, 0.95),
                "mentor_build_ms": mentors["build_ms"],
                "mentor_p50": mentors["p50_ms"],
                "mentor_p95": mentors["p95_ms"],
                "naive_ms": statistics.mean(naive_ms),
                "engine_ms": statistics.mean(engine_ms),
                "naive_bad": naive_bad / max(len(engine_total), 1),
                "naive_score": statistics.mean(naive_total) if naive_total else float("nan"),
                "engine_score": statistics.mean(engine_total) if engine_total else float("nan"),
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
    parser.add_argument("--mentor-queries", type=int, default=200)
    parser.add_argument("--ratio-instances", type=int, default=500)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = latency_rows(sizes, args.requests, args.mentor_queries)
    print()
    print("Latency in process (ms). team = solve_team, top 3, from the request's instance;")
    print("roster / mentor build = one-off per collective and week, not in the latencies.")
    print(
        f"{'members':>8} {'requests':>8} {'roster':>8} {'team p50':>9} {'team p95':>9} "
        f"{'mentor build':>12} {'mentor p50':>10} {'mentor p95':>10}"
    )
    for r in rows:
        print(
            f"{r['members']:>8} {r['requests']:>8} {r['roster_ms']:>8.1f} {r['team_p50']:>9.1f} "
            f"{r['team_p95']:>9.1f} {r['mentor_build_ms']:>12.1f} {r['mentor_p50']:>10.2f} "
            f"{r['mentor_p95']:>10.2f}"
        )
    print("targets: team p95 ≤ 50 ms at 1k and ≤ 200 ms at 100k; mentors p95 ≤ 200 ms at 100k")
    print()
    print("Against the naive scorer (top 1, same requests, mean ms; scores = mean total)")
    print(
        f"{'members':>8} {'naive':>9} {'engine':>9} {'speed-up':>9} {'naive breaks a rule':>20} "
        f"{'naive score':>12} {'engine score':>13}"
    )
    for r in rows:
        speed = r["naive_ms"] / r["engine_ms"] if r["engine_ms"] else float("inf")
        print(
            f"{r['members']:>8} {r['naive_ms']:>9.1f} {r['engine_ms']:>9.1f} {speed:>8.1f}x "
            f"{r['naive_bad']:>20.0%} {r['naive_score']:>12.3f} {r['engine_score']:>13.3f}"
        )
    print("target: ≥ 20x faster than naive at 1k")
    print()
    ratio = ratio_row(args.ratio_instances)
    print(
        f"Heuristic/exact objective ratio over {ratio['instances']} instances "
        f"({ratio['tried']} drawn, 8–20 members): mean {ratio['mean']:.4f}, "
        f"worst {ratio['worst']:.4f}, optimal in {ratio['optimal_share']:.1%}"
    )
    print("targets: mean ≥ 0.99, worst ≥ 0.95")


if __name__ == "__main__":
    main()
