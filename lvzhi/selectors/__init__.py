"""Selectors: the read side. Queries that pages use, eager-loaded so counts stay flat."""
