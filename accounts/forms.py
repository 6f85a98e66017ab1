from django import forms

from accounts.models import User
from config.versioning import VersionedFormMixin


class ProfileForm(VersionedFormMixin, forms.ModelForm):
    """Свои данные человека на странице профиля."""

    class Meta:
        model = User
        fields = ["last_name", "first_name", "middle_name", "position", "phone", "email_notifications"]
