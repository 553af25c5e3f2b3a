"""Built-in rule plugins. Each registers through the ``lowback`` entry-point group."""
