"""The follow-up rules, pure: the cadence, its settings, drafts and calendar entries (no database)."""
