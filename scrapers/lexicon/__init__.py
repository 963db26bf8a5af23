"""Words that mark a person: names (given, family, particles, honorifics) and job titles (function, level)."""
