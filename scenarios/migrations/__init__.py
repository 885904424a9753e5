"""The scenario store's Alembic migrations: ``env.py`` and one revision per schema in ``versions/``.

``scenarios.store_upgrade`` runs them; they ship inside the package so an installed copy finds them.
"""
