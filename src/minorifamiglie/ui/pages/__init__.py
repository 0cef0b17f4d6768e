"""The pages of the main window's side navigation."""
