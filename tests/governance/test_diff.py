"""The diff between two versions of a governance document: by section, by paragraph, word by word."""

from governance.diff import ADDED, CHANGED, DELETE, EQUAL, INSERT, REMOVED, UNCHANGED, diff_documents, word_diff
from governance.models import GovernanceDocumentPage
from governance.text import plain_text, text_blocks


def _blocks(*items):
    return [{"kind": kind, "text": text} for kind, text in items]


OLD = _blocks(
    ("paragraph", "This Code applies to the Company."),
    ("heading", "CONFLICTS OF INTEREST"),
    ("paragraph", "Employees must act in the best interests of the Company."),
    ("item", "Do not work for a competitor."),
    ("item", "Do not supervise a relative."),
    ("heading", "INSIDER TRADING"),
    ("paragraph", "Do not trade on inside information."),
    ("heading", "DISSEMINATION"),
    ("paragraph", "The Code is on the intranet."),
    ("paragraph", "This is not an employment contract."),
)


def test_word_diff_marks_removed_and_added_words_in_place():
    """A reworded sentence keeps its unchanged words; only the changed run is removed and added."""
    pieces = word_diff("The Code is on the intranet.", "The Code is on the intranet and the website.")
    assert [(p.op, p.text) for p in pieces] == [
        (EQUAL, "The Code is on the intranet"),
        (INSERT, " and the website"),
        (EQUAL, "."),
    ]
    pieces = word_diff("approved by the Board", "approved by a committee")
    assert [(p.op, p.text) for p in pieces] == [(EQUAL, "approved by "), (DELETE, "the Board"), (INSERT, "a committee")]


def test_the_same_text_has_no_changes():
    """Identical versions: no change, every section unchanged."""
    diff = diff_documents(OLD, list(OLD))
    assert not diff.has_changes
    assert diff.changed_sections == []
    assert [s.title for s in diff.unchanged_sections] == [
        "Introduction",
        "CONFLICTS OF INTEREST",
        "INSIDER TRADING",
        "DISSEMINATION",
    ]


def test_changes_are_grouped_by_section():
    """A reworded paragraph, an added list item and a removed one land in their sections; the rest is unchanged."""
    new = list(OLD)
    new[4] = {"kind": "item", "text": "Tell the Board about any outside directorship."}
    new.insert(5, {"kind": "item", "text": "Report gifts over $100."})
    new[9] = {"kind": "paragraph", "text": "The Code is on the intranet and the website."}
    diff = diff_documents(OLD, new)
    assert [s.title for s in diff.changed_sections] == ["CONFLICTS OF INTEREST", "DISSEMINATION"]
    assert [s.title for s in diff.unchanged_sections] == ["Introduction", "INSIDER TRADING"]
    conflicts = diff.changed_sections[0]
    statuses = [(b.status, b.text) for b in conflicts.blocks]
    assert statuses == [
        (UNCHANGED, "Employees must act in the best interests of the Company."),
        (UNCHANGED, "Do not work for a competitor."),
        (REMOVED, "Do not supervise a relative."),
        (ADDED, "Tell the Board about any outside directorship."),
        (ADDED, "Report gifts over $100."),
    ]
    dissemination = diff.changed_sections[1]
    assert [b.status for b in dissemination.blocks] == [CHANGED, UNCHANGED]
    assert diff.change_count == 4


def test_unchanged_runs_are_folded_with_a_count():
    """Consecutive unchanged blocks in a changed section come as one part labelled with their count."""
    new = list(OLD)
    new[4] = {"kind": "item", "text": "Do not supervise a close relative."}
    section = diff_documents(OLD, new).changed_sections[0]
    parts = section.parts
    assert [p["changed"] for p in parts] == [False, True]
    assert parts[0]["label"] == "2 unchanged paragraphs and list items"
    assert parts[1]["block"].status == CHANGED


def test_a_new_or_removed_section_is_a_change():
    """A section added at the end and one removed show with their headings marked."""
    new = [*OLD[:5], *OLD[7:], *_blocks(("heading", "WAIVERS"), ("paragraph", "Waivers are disclosed."))]
    diff = diff_documents(OLD, new)
    titles = {s.title: s for s in diff.changed_sections}
    assert titles["INSIDER TRADING"].heading.status == REMOVED
    assert titles["WAIVERS"].heading.status == ADDED
    assert [b.status for b in titles["WAIVERS"].blocks] == [ADDED]


def test_a_changed_title_counts():
    """A document retitled: the title is part of the diff."""
    diff = diff_documents(OLD, OLD, old_title="Audit Charter", new_title="Audit Committee Charter")
    assert diff.has_changes and diff.title.status == CHANGED
    assert [(p.op, p.text) for p in diff.title.pieces] == [
        (EQUAL, "Audit "),
        (INSERT, "Committee "),
        (EQUAL, "Charter"),
    ]


def test_text_blocks_read_every_part_of_the_body():
    """Headings, paragraphs, list items and the certification's lines are all compared (whitespace normalised)."""
    body = GovernanceDocumentPage._meta.get_field("body").stream_block.to_python(
        [
            {"type": kind, "value": value}
            for kind, value in [
                ("heading", "PURPOSE"),
                ("paragraph", "The  Committee\noversees."),
                ("numbered_list", ["First.", "Second."]),
                (
                    "certification",
                    {
                        "heading": "CERTIFICATION",
                        "intro": ["The undersigned"],
                        "statements": ["I have read the Code."],
                        "signature_lines": ["Date:"],
                        "notice": "Sign it.\n\nReturn it.",
                    },
                ),
            ]
        ]
    )
    blocks = text_blocks(body)
    assert [(b["kind"], b["text"]) for b in blocks] == [
        ("heading", "PURPOSE"),
        ("paragraph", "The Committee oversees."),
        ("item", "First."),
        ("item", "Second."),
        ("heading", "CERTIFICATION"),
        ("line", "The undersigned"),
        ("item", "I have read the Code."),
        ("line", "Date:"),
        ("paragraph", "Sign it."),
        ("paragraph", "Return it."),
    ]
    assert plain_text(blocks).startswith("PURPOSE\n\nThe Committee oversees.\n\nFirst.")
