"""How Alembic reaches the scenario database, and what it compares the database with (the store's tables).

The store's own connection when it runs the migrations, else the URL in Alembic's configuration (or the
store's default), with the store's timeouts.

Every revision runs in one transaction, so a migration that fails leaves the database as it was. Offline mode
(``--sql``) writes the SQL for a database administrator to read or run.
"""

from __future__ import annotations

from alembic import context

from scenarios.store_tables import VERSION_TABLE, metadata


def _options(dialect_name: str) -> dict:
    return {"target_metadata": metadata, "version_table": VERSION_TABLE, "transaction_per_migration": False,
            "render_as_batch": dialect_name == "sqlite", "compare_type": True}


def run_offline() -> None:
    """Write the SQL of the migrations rather than run it."""
    from sqlalchemy.engine import make_url

    url = context.config.get_main_option("sqlalchemy.url")
    context.configure(url=url, literal_binds=True, dialect_opts={"paramstyle": "named"},
                      **_options(make_url(url).get_backend_name()))
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Run the migrations on the connection the store hands over, else on one made from the URL."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, **_options(connection.dialect.name))
        with context.begin_transaction():
            context.run_migrations()
        return
    from scenarios.store_database import default_url, make_engine

    engine = make_engine(context.config.get_main_option("sqlalchemy.url") or default_url())
    try:
        with engine.connect() as conn:
            context.configure(connection=conn, **_options(conn.dialect.name))
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
