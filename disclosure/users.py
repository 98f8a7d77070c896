"""Admin → Users without a door into the Disclosure Committee.

The committee's members change only through Admin → Committee membership, one member
proposing and a second confirming (disclosure.committee). Wagtail's user forms offer every
group as a checkbox, so a superuser could tick the committee for themselves; here the
committee is not offered, and a member's membership is kept as it is whatever the form
posts. (The m2m_changed guard in disclosure.committee refuses the change anyway; the form
keeps that from ever being reached from this screen.)
"""

from django.contrib.auth.models import Group

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from disclosure.services import DISCLOSURE_COMMITTEE

HELP = "Disclosure Committee membership is changed in Admin → Committee membership (a second member confirms)."


class CommitteeGroupsMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("groups")
        if field is not None:
            field.queryset = field.queryset.exclude(name=DISCLOSURE_COMMITTEE)
            field.help_text = HELP

    def clean_groups(self):
        chosen = [group.pk for group in self.cleaned_data.get("groups") or []]
        if self.instance.pk:
            chosen += list(self.instance.groups.filter(name=DISCLOSURE_COMMITTEE).values_list("pk", flat=True))
        return Group.objects.filter(pk__in=chosen)


class CommitteeUserCreationForm(CommitteeGroupsMixin, UserCreationForm):
    pass


class CommitteeUserEditForm(CommitteeGroupsMixin, UserEditForm):
    pass


class UserViewSet(WagtailUserViewSet):
    """Wagtail's Admin → Users with the committee kept out of the group choices."""

    def get_form_class(self, for_update=False):
        return CommitteeUserEditForm if for_update else CommitteeUserCreationForm
