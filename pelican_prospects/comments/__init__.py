"""Readers' comments kept as Markdown files beside the articles."""
