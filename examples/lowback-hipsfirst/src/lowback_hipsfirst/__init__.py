"""Example lowback plugin package: a hip-first handout catalogue and its rule."""
