"""One folder per phase: its view and the widgets only it uses. Phases never import each other."""
