"""Everything that touches the web: one polite HTTP client, posting scrapers, people finders."""
