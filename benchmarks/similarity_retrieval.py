"""Candidate retrieval on the demo: does the embedding find the members who could serve?

For every open request of a demo network, each method ranks *all* members of the network
(the pool too large for exact solving) and we look at the top k. A member is relevant when
they hold every mandatory required skill at or above its ``min_level`` (a fact the methods
are not told directly). Requests that no member can fully serve are left out (counted).

Methods, all measured in the same run:

* ``random`` — k members drawn uniformly (seeded): the floor;
* ``skill overlap`` — Jaccard between the request's skill ids and the member's skill ids,
  levels ignored (sparse matrix product): what one would write without a model;
* ``embedding`` — :meth:`SimilarityModel.members_for_request` (exact cosine, 64 dims).

``ms/query`` is the mean time to rank one request (one BLAS thread, as a web request or a
batch worker would run it); ``× overlap`` divides it by the overlap baseline's. ``fit s`` is
the time to fit the model (the overlap needs no fit).

    python benchmarks/similarity_retrieval.py [--sizes 1000,10000] [--ks 5,10,20]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from datetime import date

import numpy as np
from threadpoolctl import threadpool_limits

from matcher.demo import generate_demo
from matcher.evaluation.metrics import hits_at_k, recall_at_k
from matcher.models import features
from matcher.models.similarity import SimilarityModel

TODAY = date(2026, 11, 28)
Ranker = Callable[[int, int], list[str]]


def qualified(levels: Sequence[dict[str, int]], ids: Sequence[str], required: dict[str, int]):
    """Members holding every required skill at ``min_level`` or above."""
    return {
        member
        for member, held in zip(ids, levels, strict=True)
        if all(held.get(skill, -1) >= level for skill, level in required.items())
    }


def overlap_ranker(members, requests, ids: np.ndarray) -> Ranker:
    """Jaccard of skill-id sets, as one sparse product per query (ties: dataset order)."""
    skills = sorted({s for held in members["levels"] for s in held})
    column = {s: i for i, s in enumerate(skills)}
    matrix = features.term_matrix([list(held) for held in members["levels"]], skills)
    sizes = np.asarray(matrix.sum(axis=1)).ravel()

    def rank(position: int, k: int) -> list[str]:
        wanted = [column[s] for s in requests["required"].iloc[position] if s in column]
        query = np.zeros(len(skills))
        query[wanted] = 1.0
        common = matrix @ query
        union = sizes + len(requests["required"].iloc[position]) - common
        scores = np.divide(common, union, out=np.zeros_like(common), where=union > 0)
        return list(ids[np.argsort(-scores, kind="stable")[:k]])

    return rank


def measure(n_members: int, ks: Sequence[int]) -> list[dict[str, object]]:
    dataset = generate_demo(
        members=n_members, requests=max(15, n_members // 20), seed=1, today=TODAY
    )
    start = time.perf_counter()
    model = SimilarityModel(random_state=0).fit(dataset)
    fit_seconds = time.perf_counter() - start
    members = features.member_documents(dataset)
    requests = features.request_documents(dataset)
    requests = requests[requests["status"] == "open"].reset_index(drop=True)
    ids = members["member_id"].to_numpy(dtype=str)
    rng = np.random.default_rng(0)
    rankers: dict[str, Ranker] = {
        "random": lambda _p, k: list(rng.choice(ids, size=min(k, ids.size), replace=False)),
        "skill overlap": overlap_ranker(members, requests, ids),
        "embedding": lambda p, k: [
            m for m, _ in model.members_for_request(requests["request_id"].iloc[p], k=k)
        ],
    }
    relevant = [qualified(members["levels"], ids, r) for r in requests["required"]]
    served = [p for p, found in enumerate(relevant) if found]
    k_max = max(ks)
    rows = []
    for name, ranker in rankers.items():
        with threadpool_limits(limits=1):  # one query at a time: BLAS threads only add wake-ups
            start = time.perf_counter()
            ranked = {p: ranker(p, k_max) for p in served}
            per_query = (time.perf_counter() - start) / max(len(served), 1)
        row: dict[str, object] = {
            "members": n_members,
            "method": name,
            "queries": len(served),
            "skipped": len(requests) - len(served),
            "ms": per_query * 1000,
            "fit": f"{fit_seconds:.2f}" if name == "embedding" else "-",
        }
        for k in ks:
            row[f"R@{k}"] = np.mean([recall_at_k(ranked[p], relevant[p], k) for p in served])
            row[f"P@{k}"] = np.mean([hits_at_k(ranked[p], relevant[p], k) / k for p in served])
        rows.append(row)
    base = next(r["ms"] for r in rows if r["method"] == "skill overlap")
    for row in rows:
        row["ratio"] = row["ms"] / base
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--ks", default="5,10,20")
    args = parser.parse_args()
    ks = [int(k) for k in args.ks.split(",")]
    results = [row for size in args.sizes.split(",") for row in measure(int(size), ks)]
    metrics = [f"{m}@{k}" for k in ks for m in ("R", "P")]
    header = f"{'members':>8} {'method':<14} {'queries':>7} " + " ".join(f"{m:>6}" for m in metrics)
    print(header + f" {'ms/query':>9} {'× overlap':>9} {'fit s':>6}")
    for r in results:
        cells = " ".join(f"{r[m]:>6.3f}" for m in metrics)
        print(
            f"{r['members']:>8} {r['method']:<14} {r['queries']:>7} {cells} "
            f"{r['ms']:>9.3f} {r['ratio']:>9.2f} {r['fit']:>6}"
        )
    skipped = {r["members"]: r["skipped"] for r in results}
    print(f"open requests no member can fully serve (left out): {skipped}")


if __name__ == "__main__":
    main()
