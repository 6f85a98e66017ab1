import access as scoping


def navigation(request):
    """Пункты меню по ролям человека: лишнего не показываем (а доступ всё равно проверяет scoping)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = scoping.scope_of(user)
    # Регионы, муниципалитеты и организации — справочники тех, кто работает шире одной школы;
    # команде школы и куратору они только мешают найти своё.
    wide = scope.is_federal or bool(scope.region_ids or scope.municipality_ids)
    return {
        "nav": {
            "people": scoping.can_administer_people(user),
            "organisations": wide,
            "directories": wide,
            "admin": user.is_staff,
            "monitoring": scope.is_federal or bool(scope.region_ids or scope.municipality_ids),
        },
    }
