"""Full-text search: the index and the queries."""
