"""Selectors: the read side. Queries that pages use, eager-loaded so counts stay flat."""


def same_body(named, on, row):
    """The join condition ``on`` to a body's ``named`` rows (its groups, committees, sectors,
    departments), among ``row``'s body's own: by their id alone, PostgreSQL hashed every
    body's (900–1,700 rows at province scale) to name one body's, where the bodies' equality
    lets it read the body's own through their ``org_id`` index."""
    return on & (named.org_id == row.org_id)
