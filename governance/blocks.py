"""Blocks for governance documents."""

from wagtail import blocks


class CertificationBlock(blocks.StructBlock):
    """The form an employee signs: intro lines, numbered statements, signature lines."""

    heading = blocks.CharBlock(max_length=200, default="Certification")
    intro = blocks.ListBlock(blocks.CharBlock(), help_text="Lines before the statements.")
    statements = blocks.ListBlock(blocks.TextBlock())
    signature_lines = blocks.ListBlock(blocks.CharBlock())
    notice = blocks.TextBlock(required=False)

    class Meta:
        icon = "form"
        template = "blocks/certification.html"


class GovernanceBodyBlock(blocks.StreamBlock):
    """Headings, paragraphs, bulleted and numbered lists, and a certification form."""

    heading = blocks.CharBlock(max_length=300, icon="title", template="blocks/heading.html")
    subheading = blocks.CharBlock(max_length=300, icon="title", template="blocks/subheading.html")
    paragraph = blocks.TextBlock(icon="pilcrow", template="blocks/text_paragraph.html")
    bulleted_list = blocks.ListBlock(blocks.TextBlock(), icon="list-ul", template="blocks/list.html")
    numbered_list = blocks.ListBlock(blocks.TextBlock(), icon="list-ol", template="blocks/numbered_list.html")
    certification = CertificationBlock()
