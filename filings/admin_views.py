"""Admin → SEC filings: what the import brought in, read-only, and when it last ran.

Only `import_filings` writes filings (they are EDGAR's record, not the company's text), so
the admin lists and shows them and offers no way to add, edit or delete one.
"""

from __future__ import annotations

from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from filings import conf
from filings.models import Filing, FilingImport


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Whoever holds "Can view SEC filing" (and superusers) may look; nobody may add, change or delete."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(["view"] if "view" in actions else [])


class FilingIndexView(IndexView):
    """The listing, headed by the last import: when, and whether it failed."""

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["last_import"] = FilingImport.last()
        context["last_success"] = FilingImport.last_success()
        context["schedule_enabled"] = conf.import_enabled()
        context["import_interval_minutes"] = round(conf.import_interval() / 60)
        context["edgar_company_url"] = conf.company_page_url()
        return context


class FilingViewSet(ModelViewSet):
    model = Filing
    index_view_class = FilingIndexView
    index_template_name = "filings/admin/index.html"
    icon = "list-ul"
    menu_label = "SEC filings"
    menu_name = "sec-filings"
    menu_order = 290
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    # Required by ModelViewSet for its add and edit views, whose URLs get_urlpatterns() leaves out.
    exclude_form_fields: list[str] = []
    list_display = ["form_type", "title", "filing_date", "accession_number", "imported_at"]
    list_filter = ["form_type"]
    search_fields = ["accession_number", "title", "items", "form_type"]
    search_backend_name = None  # the database's own filter: filings are not in the search index
    inspect_view_fields = [
        "accession_number",
        "form_type",
        "title",
        "items",
        "filing_date",
        "accepted_at",
        "period_of_report",
        "size",
        "edgar_url",
        "imported_at",
        "changed_at",
    ]

    @property
    def permission_policy(self):
        return ViewOnlyPermissionPolicy(self.model)

    def get_urlpatterns(self):
        # Only the listing and the inspect view: no add, edit, delete, history or usage URLs.
        keep = {"index", "index_results", "inspect"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in keep]

    def get_permissions_to_register(self):
        # Only "view" in the group editor: the others would grant nothing.
        return super().get_permissions_to_register().filter(codename="view_filing")


filing_viewset = FilingViewSet("sec_filings", url_prefix="sec-filings")
