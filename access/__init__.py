"""Единственное место, где решается, что человек видит и что может менять (арендность).

Пакет разбит по предметным областям, но снаружи это один модуль: ``import access as scoping``, затем
``scoping.visible(user, Model)``, ``scoping.get_visible_or_404(...)`` (чужое и несуществующее — 404),
``scoping.can_edit(...)`` и правила ролей ``can_*``. Ядро — область человека, реестр видимости и
справочник — в ``core``; правила дорожных карт, работы со школами, мониторинга и выгрузок — рядом.
"""

from access.alignment import *  # noqa: F403
from access.core import *  # noqa: F403
from access.core import _curator_school_q, _school_q  # noqa: F401
from access.editing import *  # noqa: F403
from access.editing import _region_id_of, _roadmap_of  # noqa: F401
from access.monitoring import *  # noqa: F403
from access.monitoring import _register_monitoring  # noqa: F401
from access.reports import *  # noqa: F403
from access.reports import _register_reports  # noqa: F401
from access.resolved import *  # noqa: F403
from access.roadmaps import *  # noqa: F403
from access.roadmaps import _is_current_curator, _register_roadmaps  # noqa: F401
from access.schoolwork import *  # noqa: F403
from access.schoolwork import _register_schoolwork  # noqa: F401
