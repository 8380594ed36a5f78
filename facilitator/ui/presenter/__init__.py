"""The presenter display for the wall screen."""
