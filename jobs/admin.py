"""Админка фоновой работы: журнал постановок, исходящие письма, отправки форм и общий помощник
для админки заданий приложений (попытки, ошибка, действие «перезапустить»)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import OuterRef, Subquery

from jobs import services
from jobs.models import JobDispatch, OutboundMail, SubmittedForm


class JobAdminMixin:
    """Для ModelAdmin задания: job_kind — вид в jobs.specs. Попытки и ошибка постановки берутся
    подзапросом, поэтому список не делает запрос на строку."""

    job_kind: str = ""
    actions = ["restart_jobs"]

    def get_queryset(self, request):
        dispatch = JobDispatch.objects.filter(kind=self.job_kind, object_id=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                job_attempts=Subquery(dispatch.values("attempts")[:1]),
                job_error=Subquery(dispatch.values("last_error")[:1]),
                job_enqueued_at=Subquery(dispatch.values("enqueued_at")[:1]),
            )
        )

    @admin.display(description="постановок в очередь", ordering="job_attempts")
    def attempts(self, obj) -> int:
        return obj.job_attempts or 0

    @admin.display(description="ошибка постановки")
    def dispatch_error(self, obj) -> str:
        return obj.job_error or ""

    @admin.display(description="поставлено в очередь", ordering="job_enqueued_at")
    def enqueued_at(self, obj):
        return obj.job_enqueued_at

    @admin.action(description="Перезапустить")
    def restart_jobs(self, request, queryset):
        restarted = skipped = 0
        for obj in queryset:
            if services.job_restart(kind=self.job_kind, object_id=obj.pk):
                restarted += 1
            else:
                skipped += 1
        if restarted:
            self.message_user(request, f"Поставлено в очередь заново: {restarted}.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"Не перезапущено: {skipped} (уже готово или такое же задание уже идёт).",
                messages.WARNING,
            )


@admin.register(JobDispatch)
class JobDispatchAdmin(admin.ModelAdmin):
    list_display = ["kind", "object_id", "attempts", "enqueued_at", "send_failed", "gave_up_at", "last_error"]
    list_filter = ["kind", "send_failed"]
    search_fields = ["=object_id"]
    readonly_fields = [f.name for f in JobDispatch._meta.fields]


@admin.register(OutboundMail)
class OutboundMailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "status", "attempts", "created_at", "sent_at", "last_error"]
    list_filter = ["status"]
    search_fields = ["key", "subject"]
    readonly_fields = [f.name for f in OutboundMail._meta.fields]
    actions = ["resend"]

    @admin.action(description="Отправить ещё раз (если письмо точно не дошло)")
    def resend(self, request, queryset):
        from jobs.enqueue import enqueue_after_commit
        from jobs.tasks import send_outbound_mail

        for mail in queryset.exclude(status="sent"):
            OutboundMail.objects.filter(pk=mail.pk).update(status="pending", last_error="")
            enqueue_after_commit(send_outbound_mail, mail.pk)
        self.message_user(request, "Неотправленные письма поставлены в очередь.", messages.SUCCESS)


@admin.register(SubmittedForm)
class SubmittedFormAdmin(admin.ModelAdmin):
    list_display = ["path", "user", "result_url", "created_at"]
    list_select_related = ["user"]
    readonly_fields = ["token", "user", "path", "result_url", "created_at"]
