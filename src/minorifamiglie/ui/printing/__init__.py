"""Printing from the GUI: a preview of PDF bytes held in memory, the printer, "Salva PDF"."""
