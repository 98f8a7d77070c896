"""Admin wiring for governance: the people and committees snippets, and the version log action."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from governance.models import Committee, Person
from governance.versions import VERSION_RECORDED_ACTION


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    list_display = ["name", "title", "role", "independent", "order", "board_order"]
    list_filter = ["role", "independent"]
    search_fields = ["name", "title"]
    search_backend_name = None  # a few dozen rows: filter in the database
    ordering = ["order", "name"]


class CommitteeViewSet(SnippetViewSet):
    model = Committee
    icon = "group"
    menu_label = "Committees"
    list_display = ["name", "charter", "order"]
    search_fields = ["name"]
    search_backend_name = None


class GovernanceViewSetGroup(SnippetViewSetGroup):
    """Admin → Governance: the board's and management's people, and the board's committees."""

    items = (PersonViewSet, CommitteeViewSet)
    menu_icon = "group"
    menu_label = "Governance"
    menu_name = "governance"
    menu_order = 250


register_snippet(GovernanceViewSetGroup)


@hooks.register("register_log_actions")
def register_version_log_action(actions):
    actions.register_action(
        VERSION_RECORDED_ACTION, "Version recorded", "Recorded the published text as a new version of the document"
    )
