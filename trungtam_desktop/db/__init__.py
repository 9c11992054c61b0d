"""SQLAlchemy 2.x persistence: models, engine with SQLite pragmas, migrations, backups."""
