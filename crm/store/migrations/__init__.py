"""Numbered schema migrations: `NNNN_name.py`, each with `up(migrator, db)`, applied in order on start.

Each migration freezes the models it needs inline; none imports `crm.store.models`.
"""
