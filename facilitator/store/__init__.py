"""The .roundtable session file: schema, migrations, and the repository. No Qt."""
