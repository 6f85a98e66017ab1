"""Единственное место, где решается, что человек видит и что может менять (арендность).

Пакет разбит по предметным областям, но снаружи это один модуль: ``from accounts import scoping``, затем
``scoping.visible(user, Model)``, ``scoping.get_visible_or_404(...)`` (чужое и несуществующее — 404),
``scoping.can_edit(...)`` и правила ролей ``can_*``. Ядро — область человека, реестр видимости и
справочник — в ``core``; правила дорожных карт, работы со школами, мониторинга и выгрузок — рядом.
"""

from accounts.scoping.alignment import *  # noqa: F403
from accounts.scoping.core import *  # noqa: F403
from accounts.scoping.core import _curator_school_q, _region_id_of, _roadmap_of, _school_q  # noqa: F401
from accounts.scoping.monitoring import *  # noqa: F403
from accounts.scoping.monitoring import _register_monitoring  # noqa: F401
from accounts.scoping.reports import *  # noqa: F403
from accounts.scoping.reports import _register_reports  # noqa: F401
from accounts.scoping.resolved import *  # noqa: F403
from accounts.scoping.roadmaps import *  # noqa: F403
from accounts.scoping.roadmaps import _is_current_curator, _register_roadmaps  # noqa: F401
from accounts.scoping.schoolwork import *  # noqa: F403
from accounts.scoping.schoolwork import _register_schoolwork  # noqa: F401
