"""Pure domain rules: no Flask, no SQLAlchemy. Time and calendars come in as arguments."""
