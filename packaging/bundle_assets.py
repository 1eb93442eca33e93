"""What the PyInstaller spec puts beside the executable: the runtime resources and the icon."""

from __future__ import annotations

from pathlib import Path

RESOURCE_SUFFIXES = (".qss", ".svg", ".png", ".ico")


def runtime_datas(root: Path) -> list[tuple[str, str]]:
    """(source, folder) pairs: stylesheets and icons, and the compiled catalogue only."""
    pairs = [(str(path), "resources") for path in sorted((root / "resources").iterdir())
             if path.suffix in RESOURCE_SUFFIXES]
    pairs += [(str(path), "translations")
              for path in sorted((root / "translations").glob("*.qm"))]
    return pairs


def draw_icon(svg: Path, folder: Path, kind: str) -> Path:
    """Render ``svg`` to an icon file of ``kind`` ("ico" or "png") in ``folder`` with Qt."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(["bundle", "-platform", "offscreen"])
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"cpdesk.{kind}"
    if not image.save(str(target), kind.upper()):
        raise RuntimeError(f"Qt could not write {target}")
    del app
    return target
