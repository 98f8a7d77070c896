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
