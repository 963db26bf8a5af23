"""Data in and out as files: exports, LinkedIn's Connections.csv, vCards (no queries of their own)."""
