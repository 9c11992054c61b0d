"""PySide6 user interface. Talks to services only; never imports SQLAlchemy or the db package."""
