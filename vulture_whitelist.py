# ruff: noqa
# type: ignore
"""Names that vulture (dead code, run by .ci/run) cannot see used: each is used by something outside our
code (Qt, SQLAlchemy, zint, argparse, pytest, Python's import system) or kept on purpose.

Add a name here only with its reason. Code that nothing calls, not even a test, is deleted instead.
Run: ``vulture`` (its paths and options are in pyproject.toml, [tool.vulture]).
"""

_ = object()

# Python's module __getattr__ (PEP 562): the lazy imports of the package and of documents/.
__getattr__

# argparse calls an Action as action(parser, namespace, values, option_string).
namespace
option_string

# Qt calls these virtual methods of our subclasses (delegates, proxies, event filters, translators).
_.createEditor
_.setEditorData
_.setModelData
_.lessThan
_.eventFilter
disambiguation

# SQLAlchemy: event listeners (called on connect and begin), a DB-API attribute, columns only the database reads.
_on_connect
_on_begin
_.isolation_level
_.created_at
_.updated_at

# zint reads the options we set on its Symbol; zipfile reads compress_type; decimal reads prec.
_.symbology
_.input_mode
_.eci
_.option_1
_.compress_type
_.prec

# Enum machinery and members reached by iteration (choices in forms and reports).
_._value_
_.DAMAGED  # ReissueReason: a choice of the re-issue dialog
_.SPECIAL_ZONE  # UnitKind: a choice of the communes' form

# Overrides the standard library calls (logging.Handler.handleError: a full disk drops the record quietly).
_.handleError

# References kept so that Qt objects live as long as their owner (a translator, a running background task).
_._translator
_.export_task

# Data carried for whoever reads it (the clash's other class, the class opened by app.py's run).
_.other_class_id
_.migration
_.session_dates

# pytest: fixtures asked for only for their effect, and module markers.
qapp
icon_style
pytestmark
