"""Alembic environment: runs migrations on the engine handed over by matcher.storage.db."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from matcher.storage.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:  # plain `alembic` command line: sqlalchemy.url from alembic.ini
        engine = engine_from_config(
            config.get_section(config.config_ini_section, {}), poolclass=pool.NullPool
        )
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    raise SystemExit("Les migrations hors ligne ne sont pas prises en charge.")
run_migrations_online()
