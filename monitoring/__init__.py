"""Мониторинг — слой над картами и работой со школами.

Владеет: этапами мониторинга, снимками показателей, расчётом показателей (``figures.py``), хранимыми
показателями и их пересчётом (``rollup.py``), панелями и графиками, замерами страниц. Заполняет крючки
hooks.figures (AppConfig.ready).
Может импортировать: roadmaps, schoolwork, schools, accounts, jobs, catalog, hooks, config и access.
Не импортирует notifications, reports, home, search, alignment, demo.
"""
