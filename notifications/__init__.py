"""Уведомления — слой над мониторингом (рядом с главной и выгрузками).

Владеет: напоминаниями о сроках и дайджестами, центром уведомлений, уведомлениями о событиях работы
(``events.py``) и письмом о них за день. Заполняет крючки hooks.events (AppConfig.ready).
Может импортировать: monitoring и всё ниже (roadmaps, schoolwork, schools, accounts, jobs, catalog,
hooks), config и access. Не импортирует reports, home, search, alignment, demo.
"""
