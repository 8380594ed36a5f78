"""Domain objects and rules. Plain Python: no Qt, no SQL, no I/O."""
