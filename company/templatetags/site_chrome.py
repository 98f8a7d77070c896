"""The header's IR menu, with the visitor's section marked (company/navigation.py)."""

from __future__ import annotations

from django import template

from company.navigation import MenuEntry, menu_for

register = template.Library()


@register.simple_tag(takes_context=True)
def ir_menu(context) -> list[MenuEntry]:
    """`{% ir_menu as menu %}`: the menu entries, each with `current` ("page", "true" or "")."""
    request = context.get("request")
    return menu_for(request.path if request is not None else "")
