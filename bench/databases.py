"""The databases the benchmarks build: one per benchmark, made for the run, dropped after,
never the project's own. Each benchmark has its own name so that two can run at once.

The page and load benchmarks can instead keep one database per size of generated data
(`sized`), built once with `--keep` and measured again with `--reuse`: 100,000 generated
resolutions take over half an hour to write."""

import os

POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"


def _admin(statement: str):
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def drop_postgres(name: str):
    _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def sized(count: int) -> str:
    """The kept database holding the demo text and `count` generated resolutions."""
    return f"tracker_bench_pages_{count}"


def copy(source: str, name: str):
    """A fresh database `name` as a file-level copy of `source` (which must be idle)."""
    drop_postgres(name)
    _admin(f"CREATE DATABASE {name} TEMPLATE {source}")


def use(kind: str, name: str, workdir: str, reuse: bool = False) -> str:
    """Point DATABASE_URL at a fresh database: an SQLite file in `workdir`, or the
    PostgreSQL database `name` (kept as it is with `reuse`). Returns the URL."""
    if kind == "sqlite":
        url = f"sqlite:///{workdir}/{name}.sqlite3"
    else:
        if not reuse:
            drop_postgres(name)
            _admin(f"CREATE DATABASE {name}")
        url = f"{POSTGRES_SERVER}/{name}"
    os.environ["DATABASE_URL"] = url
    return url
