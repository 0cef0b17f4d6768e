"""Table models of the GUI: QAbstractTableModel over tuples of frozen dataclasses."""
