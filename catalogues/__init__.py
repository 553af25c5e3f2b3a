"""Built-in catalogue plugins, one per source article, each with its data beside it."""
