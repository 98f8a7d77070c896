"""Admin view of the Disclosure Committee's route choice for one event or governance page.

``/admin/disclosure/route/<page_id>/``: the route (full Disclosure Policy, or sign-off only) and a
required reason; the decision and its rules are disclosure.routes'.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from disclosure.actions import ROUTE_LABELS, SIGN_OFF_ONLY_ROUTE, route_label
from disclosure.forms import ReasonForm
from disclosure.routes import current_route, is_earnings_call, route_page, route_refusal


class RouteForm(ReasonForm):
    route = forms.ChoiceField(
        label="Route through",
        choices=[(code, label[0].upper() + label[1:]) for code, label in ROUTE_LABELS.items()],
        widget=forms.RadioSelect,
    )
    field_order = ["route", "reason"]


class RouteView(WagtailAdminTemplateMixin, FormView):
    """A committee member chooses how one page goes through the Disclosure Policy."""

    form_class = RouteForm
    template_name = "wagtailadmin/generic/form.html"
    header_icon = "tasks"
    page_title = "Disclosure route"
    submit_button_label = "Record the route"

    def dispatch(self, request, page_id, *args, **kwargs):
        self.page = get_object_or_404(Page, id=page_id).specific
        refusal = route_refusal(request.user, self.page)
        if refusal:
            raise PermissionDenied(refusal)
        self.route = current_route(self.page)
        return super().dispatch(request, page_id, *args, **kwargs)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return []

    def get_initial(self):
        return {"route": self.route}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        help_text = f"Now: {route_label(self.route)}. Applies to the next submission."
        if is_earnings_call(self.page):
            help_text += (
                " This is an earnings call: the Disclosure Policy expects the full route for results dates. "
                "Sign-off only is recorded as such in the audit trail and the other committee members are told."
            )
        elif self.route != SIGN_OFF_ONLY_ROUTE:
            help_text += " Sign-off only is e-mailed to the other committee members."
        form.fields["route"].help_text = help_text
        return form

    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=(self.page.pk,))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=reverse("disclosure_route", args=(self.page.pk,)),
            submit_button_label=self.submit_button_label,
            submit_button_active_label=self.submit_button_label,
            media=context["form"].media,
            page=self.page,
        )
        return context

    def form_valid(self, form):
        try:
            decision = route_page(
                self.page.pk, route=form.cleaned_data["route"], by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"“{self.page.get_admin_display_title()}” now goes through the {decision.label}. Reason recorded.",
        )
        return redirect(self.edit_url())


route = RouteView.as_view()
