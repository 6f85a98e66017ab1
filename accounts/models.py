"""Пользователи и их роли. Роль несёт свою область (регион / муниципалитет / школа)."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from config.versioning import VersionedModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("Нужен адрес электронной почты.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(VersionedModel, AbstractBaseUser, PermissionsMixin):
    """Человек, который входит в систему по адресу электронной почты."""

    email = models.EmailField("эл. почта", unique=True)
    last_name = models.CharField("фамилия", max_length=150)
    first_name = models.CharField("имя", max_length=150)
    middle_name = models.CharField("отчество", max_length=150, blank=True)
    position = models.CharField("должность", max_length=255, blank=True)
    phone = models.CharField("телефон", max_length=50, blank=True)
    email_notifications = models.BooleanField("присылать напоминания на почту", default=True)
    is_active = models.BooleanField("активен", default=True)
    is_staff = models.BooleanField("доступ в администрирование", default=False)
    date_joined = models.DateTimeField("создан", default=timezone.now)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["last_name", "first_name"]

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        ordering = ["last_name", "first_name", "middle_name"]
        indexes = [models.Index(fields=["last_name", "first_name"], name="user_name_idx")]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)

    @property
    def short_name(self) -> str:
        """«Иванова А. П.» — как в документах."""
        initials = "".join(f"{part[0]}. " for part in (self.first_name, self.middle_name) if part).strip()
        return f"{self.last_name} {initials}".strip() or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.short_name


class Role(models.TextChoices):
    FEDERAL_STAFF = "federal_staff", "Сотрудник федерального органа (администратор)"
    REGIONAL_STAFF = "regional_staff", "Сотрудник регионального органа управления образованием"
    REGIONAL_COORDINATOR = "regional_coordinator", "Региональный координатор"
    MUNICIPAL_COORDINATOR = "municipal_coordinator", "Муниципальный координатор"
    CURATOR = "curator", "Куратор"
    SCHOOL_TEAM = "school_team", "Команда школы"


REGION_SCOPED_ROLES = (Role.REGIONAL_STAFF, Role.REGIONAL_COORDINATOR, Role.CURATOR)

# Роли, которые региональный координатор может выдавать людям своего региона.
ROLES_GRANTED_BY_REGION = (Role.MUNICIPAL_COORDINATOR, Role.CURATOR, Role.SCHOOL_TEAM)
# Роли, которые выдаёт федеральный администратор.
ROLES_GRANTED_BY_FEDERAL = (Role.FEDERAL_STAFF, Role.REGIONAL_STAFF, Role.REGIONAL_COORDINATOR)


class RoleMembership(VersionedModel):
    """Роль человека в своей области. У одного человека может быть несколько ролей."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name="пользователь"
    )
    role = models.CharField("роль", max_length=32, choices=Role.choices)
    # Регион хранится у всех региональных, муниципальных и школьных ролей: по нему
    # региональный координатор видит «своих» людей одним запросом.
    region = models.ForeignKey(
        "schools.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="регион",
    )
    municipality = models.ForeignKey(
        "schools.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="муниципалитет",
    )
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="школа",
    )
    is_active = models.BooleanField("действует", default=True)
    created_at = models.DateTimeField("выдана", auto_now_add=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="кто выдал"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "роль пользователя"
        verbose_name_plural = "роли пользователей"
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(
                        role=Role.FEDERAL_STAFF,
                        region__isnull=True,
                        municipality__isnull=True,
                        school__isnull=True,
                    )
                    | Q(
                        role__in=REGION_SCOPED_ROLES,
                        region__isnull=False,
                        municipality__isnull=True,
                        school__isnull=True,
                    )
                    | Q(
                        role=Role.MUNICIPAL_COORDINATOR,
                        region__isnull=False,
                        municipality__isnull=False,
                        school__isnull=True,
                    )
                    | Q(
                        role=Role.SCHOOL_TEAM,
                        region__isnull=False,
                        municipality__isnull=False,
                        school__isnull=False,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(role=Role.FEDERAL_STAFF),
                name="membership_unique_federal",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=Q(role__in=REGION_SCOPED_ROLES),
                name="membership_unique_regional",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "municipality"],
                condition=Q(role=Role.MUNICIPAL_COORDINATOR),
                name="membership_unique_municipal",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "school"],
                condition=Q(role=Role.SCHOOL_TEAM),
                name="membership_unique_school",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "role"], name="membership_region_role_idx"),
            models.Index(fields=["user", "is_active"], name="membership_user_active_idx"),
        ]

    def __str__(self) -> str:
        scope = self.school or self.municipality or self.region
        label = self.get_role_display()
        return f"{label}: {scope}" if scope else label


class Invitation(models.Model):
    """Приглашение нового пользователя: письмо со ссылкой для задания пароля.

    Поле sent_at — признак «уже отправлено»: задача отправки безопасна при повторном запуске.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations", verbose_name="кого")
    membership = models.ForeignKey(
        RoleMembership, on_delete=models.CASCADE, null=True, blank=True, verbose_name="роль"
    )
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="кто пригласил"
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    sent_at = models.DateTimeField("отправлено", null=True, blank=True)

    class Meta:
        verbose_name = "приглашение"
        verbose_name_plural = "приглашения"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sent_at"], name="invitation_sent_idx")]

    def __str__(self) -> str:
        return f"Приглашение для {self.user.email}"


from accounts.security.models import SecurityEvent, SecurityEventKind  # noqa: E402, F401  (модели приложения)
