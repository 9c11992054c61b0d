"""The province's side of the reorganised centres: the signed package a centre sends, the keys file the
province keeps, and the roll-up of many centres' packages (none of which needs a centre's database)."""
