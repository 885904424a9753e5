"""The scenario store's schema revisions, oldest first.

0001 (schema 1), 0002 (sharing), 0003 (Alembic's table), 0004 (submitted records).
"""
