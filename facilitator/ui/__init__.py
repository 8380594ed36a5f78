"""Qt only: windows, views, the board scene, dialogs. Views show state and forward intent."""
