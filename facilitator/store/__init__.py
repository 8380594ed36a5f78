"""The .roundtable session file: schema, migrations, and the repository. No Qt."""

import sys


def import_sqlite_utils() -> None:
    """Import sqlite-utils without letting it import numpy and pandas.

    sqlite-utils imports both, when installed, only to map their number types to
    SQL types; the store never writes numpy or pandas values. numpy (installed for
    matplotlib) would add about 0.15 s and 80 modules to every start of the app.
    The two names are hidden only while sqlite-utils is imported, so matplotlib
    still imports numpy normally later; one already imported is left alone.
    """
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # `import numpy` now raises ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]
