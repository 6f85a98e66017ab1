import uuid

from django import template
from django.utils.html import format_html

from jobs.middleware import TOKEN_FIELD

register = template.Library()


@register.simple_tag
def submit_once():
    """Одноразовый ключ отправки формы (jobs.middleware.SubmitOnceMiddleware)."""
    return format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, uuid.uuid4().hex)
