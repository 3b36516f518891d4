"""Selectors: the read side. Queries that pages use, eager-loaded so counts stay flat."""


def same_body(named, key, body=None):
    """Join condition: the ``named`` row (a body's group, committee, sector, department,
    meeting) whose id ``key`` holds, among the rows of ``body``'s own body (``key``'s table
    by default). By the id alone PostgreSQL hashed every body's rows (900–6,000 at province
    scale) to name one body's; the bodies' equality lets it read the body's own through
    their ``org_id`` index."""
    body = key.class_ if body is None else body
    return (named.id == key) & (named.org_id == body.org_id)
