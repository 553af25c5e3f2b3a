"""Renderers: a routine (or listing) as text for people or JSON for programs."""
