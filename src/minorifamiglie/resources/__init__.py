"""Resources shipped with the application: translations, fonts, icons (importlib.resources)."""
