"""Certificate windows reached from the main menu: the lookup dialog, the template form, the register book."""
