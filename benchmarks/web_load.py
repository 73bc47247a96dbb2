"""Load test of the web app under gunicorn: p50/p95 of the busiest pages, 20 concurrent users.

Usage::

    .venv/bin/python benchmarks/web_load.py                       # SQLite demo database
    .venv/bin/python benchmarks/web_load.py --postgres             # PostgreSQL on 127.0.0.1
    .venv/bin/python benchmarks/web_load.py --users 20 --rounds 30

It loads the demo cooperative into a fresh database (a temporary SQLite file, or a
temporary schema of the local PostgreSQL), runs the weekly batch on it, starts gunicorn on
a free port, logs in once as the demo coordinator and once as a demo member (login is
rate-limited, so users share those sessions), then runs ``--users`` threads that each
request every page ``--rounds`` times, pausing a random 0.5–1.5 × ``--think`` seconds
between pages as a person reading does (``--think 0`` measures the saturated server
instead: latency is then queueing).
The baseline, measured in the same run, is ``/healthz`` (no database, no template): each
page's p95 is printed beside its ratio to the baseline's. Target: p95 ≤ 150 ms, 0 errors.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

#: (label, who, path): the pages of the acceptance plus the baseline.
PAGES = (
    ("baseline /healthz", None, "/healthz"),
    ("tableau de bord", "coordinator", "/tableau-de-bord"),
    ("membres", "coordinator", "/membres"),
    ("demande (équipes)", "coordinator", "/demandes/{request}"),
    ("mentors (membre)", "member", "/moi/apprendre"),
)
COORDINATOR, MEMBER, PASSWORD = "coordo-alma", "membre-1", "kpa-demo-2026"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _database(postgres: bool):
    """A fresh database URL with the demo loaded; removed afterwards."""
    from sqlalchemy import create_engine, text

    from matcher import services
    from matcher.batch.service import next_week, run_batch

    if postgres:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{POSTGRES}?options={quote(f'-csearch_path={schema}')}"
    else:
        folder = tempfile.TemporaryDirectory()
        url = f"sqlite:///{folder.name}/bench.sqlite3"
    database = services.open_db(url)
    services.load_demo(database)
    with tempfile.TemporaryDirectory() as digests:  # the week's proposals, as on a Monday
        run_batch(database, week=next_week(), output=Path(digests))
    database.dispose()
    try:
        yield url
    finally:
        if postgres:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
        else:
            folder.cleanup()


@contextmanager
def _gunicorn(url: str, port: int, workers: int):
    env = {**os.environ, "DATABASE_URL": url}
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            f"--workers={workers}",
            "--threads=4",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "web:create_app()",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if _get(port, "/healthz", "")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn ne répond pas")
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def _get(port: int, path: str, cookie: str, conn: http.client.HTTPConnection | None = None):
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    body = response.read()
    if own:
        conn.close()
    return response.status, body, response


def _cookies(response: http.client.HTTPResponse, jar: dict[str, str]) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


def login(port: int, user: str) -> str:
    """Log in through the real form (CSRF token included); return the Cookie header."""
    jar: dict[str, str] = {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    status, body, response = _get(port, "/login", "", conn)
    _cookies(response, jar)
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body)
    if status != 200 or token is None:
        raise RuntimeError(f"page de connexion inattendue ({status})")
    form = urlencode({"login": user, "password": PASSWORD, "csrf_token": token.group(1).decode()})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
        "Referer": f"http://127.0.0.1:{port}/login",
    }
    conn.request("POST", "/login", body=form, headers=headers)
    response = conn.getresponse()
    response.read()
    _cookies(response, jar)
    conn.close()
    if response.status not in (302, 303):
        raise RuntimeError(f"connexion refusée pour {user} ({response.status})")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def _first_request(url: str) -> str:
    """An open request of the demo coordinator's collective, for the request page."""
    from matcher import services
    from matcher.storage import repository

    database = services.open_db(url)
    with database.transaction() as session:
        requests = repository.read_table(session, "requests")
    database.dispose()
    return next(r.id for r in requests if r.collective_id == "kpa-alma" and r.status == "open")


def run(postgres: bool, users: int, rounds: int, workers: int, think: float) -> int:
    with _database(postgres) as url:
        request_id = _first_request(url)
        port = _free_port()
        with _gunicorn(url, port, workers):
            cookies = {"coordinator": login(port, COORDINATOR), "member": login(port, MEMBER)}
            pages = [(label, who, path.format(request=request_id)) for label, who, path in PAGES]
            for _, who, path in pages:  # warm up (and fail fast on a wrong path)
                status = _get(port, path, cookies.get(who, ""))[0]
                if status != 200:
                    raise RuntimeError(f"{path} répond {status}")
            timings: dict[str, list[float]] = {label: [] for label, _, _ in pages}
            errors: dict[str, int] = dict.fromkeys(timings, 0)
            lock = threading.Lock()

            def user(seed: int) -> None:
                pause = random.Random(seed)
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                for _ in range(rounds):
                    for label, who, path in pages:
                        time.sleep(think * pause.uniform(0.5, 1.5))
                        start = time.perf_counter()
                        try:
                            status = _get(port, path, cookies.get(who, ""), conn)[0]
                        except OSError:
                            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                            status = 0
                        elapsed = (time.perf_counter() - start) * 1000
                        with lock:
                            timings[label].append(elapsed)
                            errors[label] += status != 200
                conn.close()

            threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - started
    backend = "PostgreSQL" if postgres else "SQLite"
    total = sum(len(t) for t in timings.values())
    print(
        f"\n{backend}, gunicorn {workers} workers × 4 threads, {users} concurrent users "
        f"(think time {think:g} s), "
        f"{total} requests in {wall:.1f} s ({total / wall:.0f} req/s)\n"
    )
    base = statistics.quantiles(timings[pages[0][0]], n=20)[18]
    print(f"| page | n | p50 ms | p95 ms | p95 / baseline | errors |\n|{'---|' * 6}")
    for label, values in timings.items():
        p50 = statistics.median(values)
        p95 = statistics.quantiles(values, n=20)[18]
        print(
            f"| {label} | {len(values)} | {p50:.0f} | {p95:.0f} | {p95 / base:.1f}× "
            f"| {errors[label]} |"
        )
    return 0 if not any(errors.values()) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help=f"use {POSTGRES}")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between pages")
    args = parser.parse_args()
    return run(args.postgres, args.users, args.rounds, args.workers, args.think)


if __name__ == "__main__":
    sys.exit(main())
