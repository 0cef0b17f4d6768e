"""The floor of bench_package.py: a bare QMainWindow, frozen with the same spec as the app, that
says when it is first drawn (the same line the app's unlock screen writes)."""

import sys

from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QMainWindow


class BareWindow(QMainWindow):
    drawn = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.drawn:
            self.drawn = True
            sys.stderr.write("minorifamiglie: unlock screen drawn\n")
            sys.stderr.flush()


if __name__ == "__main__":
    app = QApplication(sys.argv)
    window = BareWindow()
    window.resize(520, 320)
    window.show()
    raise SystemExit(app.exec())
