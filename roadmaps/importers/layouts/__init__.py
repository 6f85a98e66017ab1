"""Читатели разметок. У каждого: ``LAYOUT_NAME``, ``recognises(lines) -> bool`` (по содержимому, не по
имени файла) и ``read(lines) -> MapDraft``. Порядок проверки важен: сначала самая узнаваемая разметка."""

from roadmaps.importers.layouts import html_rows, numbered_cells, period_first

LAYOUTS = (html_rows, period_first, numbered_cells)

__all__ = ["LAYOUTS"]
