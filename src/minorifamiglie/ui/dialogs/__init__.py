"""Dialogs of the GUI that more than one page may open."""
