"""``import_roadmap_text`` — прежнее имя команды ``import_roadmap`` (тот же конвейер и те же параметры)."""

from roadmaps.management.commands.import_roadmap import Command as ImportRoadmap


class Command(ImportRoadmap):
    help = "Прежнее имя команды import_roadmap: " + ImportRoadmap.help
