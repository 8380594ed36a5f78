"""One module per phase view. `facilitator.ui.phases` finds them by name."""
