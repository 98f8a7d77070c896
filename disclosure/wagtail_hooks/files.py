"""The file embargo in the admin's document serving: a document is served only once a live, public page uses it."""

from wagtail import hooks

from disclosure.files import withhold_unreleased_document

hooks.register("before_serve_document", withhold_unreleased_document)
