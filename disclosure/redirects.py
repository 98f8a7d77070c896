"""Redirects lead only to this site's own pages: no outside address is put on the company's domain.

Wagtail's redirects (Settings → Redirects, its CSV import, code) answer a path that would be a
404 with a redirect. To a page of the site, or a path on it, that shows nothing the policy did
not approve. To an outside address it would put whatever that address shows under the
company's name (``/q4-results/`` leading to somebody's "results"), with no signature: so an
outside destination is refused, unless its host is one the deployment lists in
``IR_REDIRECT_ALLOWED_HOSTS`` (by default the SEC's, for a link to the company's EDGAR filings).

The rule is a validator on ``Redirect.redirect_link``, so the admin's form and its import show it
on the field, and a ``pre_save`` guard refuses the same destination from any other route.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.signals import pre_save

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site


def own_hosts() -> set[str]:
    """The hostnames this installation answers for: its sites' and Django's ALLOWED_HOSTS (no wildcards)."""
    hosts = {host.lower() for host in Site.objects.values_list("hostname", flat=True)}
    hosts |= {host.lower().lstrip(".") for host in settings.ALLOWED_HOSTS if host not in ("*", "")}
    return hosts


def refused_destination(link: str) -> str:
    """Why a redirect may not lead to `link` ('' when it may)."""
    if not link:
        return ""
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https"):
        return f"A redirect leads to a web page (http or https), not to “{parts.scheme}:” addresses."
    host = (parts.hostname or "").lower()
    allowed = {h.lower() for h in settings.IR_REDIRECT_ALLOWED_HOSTS}
    if host in own_hosts() or host in allowed:
        return ""
    return (
        f"A redirect on the company's site cannot lead to another site ({host or 'no host'}): investors would "
        "read it as the company's, and no signature covers it. Choose a page of this site instead"
        + (f", or one of the allowed hosts ({', '.join(sorted(allowed))})." if allowed else ".")
    )


def validate_destination(link: str) -> None:
    message = refused_destination(link)
    if message:
        raise ValidationError(message, code="outside_redirect")


def refuse_outside_redirect(sender, instance, raw=False, **kwargs):
    """pre_save of Redirect: the same rule for code, the shell and bulk routes that skip the form."""
    message = "" if raw else refused_destination(instance.redirect_link)
    if message:
        raise PermissionDenied(message)


def connect_redirect_rule() -> None:
    """Called once from DisclosureConfig.ready()."""
    field = Redirect._meta.get_field("redirect_link")
    if validate_destination not in field.validators:
        # Field.validators is computed once per field and kept: the model's full_clean (the admin
        # form's and the import's validation) runs this with the URL check.
        field.validators.append(validate_destination)
    pre_save.connect(refuse_outside_redirect, sender=Redirect, dispatch_uid="disclosure-redirect-rule")
