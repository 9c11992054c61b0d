"""Use cases. Each public method is one transaction and takes/returns domain objects, never ORM rows."""
