"""Поиск — верхний слой (рядом со сверкой).

Владеет: полнотекстовым поиском по всему, что человеку видно (PostgreSQL ``russian``; на SQLite — простой).
Может импортировать: roadmaps, schoolwork, schools, accounts и всё ниже, config и access.
"""
