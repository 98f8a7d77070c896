"""What the browser journeys (tests/e2e) share: clicking through Wagtail's editor as a person does."""


def more_actions(page, action: str, *, modal: bool = False) -> None:
    """Click an action in the editor footer's "More actions" menu; wait for the next page unless a modal opens."""
    page.get_by_role("button", name="More actions").click()
    button = page.get_by_role("button", name=action, exact=True)
    if modal:
        button.click()
        page.locator(".modal").wait_for()
        return
    with page.expect_navigation():
        button.click()
    page.wait_for_load_state()


def choose_media_contact(page, name: str) -> None:
    """Add a media contact to the release in the editor: Add contact, then pick `name` in the snippet chooser."""
    contacts = page.locator("#panel-child-content-media_contacts-section")
    page.wait_for_load_state("networkidle")  # the inline panel's script is ready before "Add contact" is pressed
    contacts.get_by_role("button", name="Add contact").click()
    chooser = contacts.get_by_role("button", name="Choose media contact").last
    chooser.wait_for(state="visible")
    chooser.click()
    page.locator(".modal").get_by_role("link", name=name).first.click()
    page.locator(".modal").wait_for(state="hidden")
    contacts.get_by_text(name).first.wait_for()
    # The chosen contact is in the form that will be posted (its hidden input holds the snippet's id).
    page.wait_for_function(
        '() => [...document.querySelectorAll(\'input[name^="contacts-"][name$="-contact"]\')]'
        ".some(input => input.value)"
    )
