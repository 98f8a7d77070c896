"""StreamField blocks for a release body, in the shapes wire copy takes."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "superscript", "subscript"]


class QuoteBlock(blocks.StructBlock):
    """A quote attributed to a named person and title.

    `text` is the paragraph exactly as released, attribution included
    ("..." said Robert Panora, President and COO of Tecogen. "..."), because a
    release must read word for word as it went out on the wire. The speaker's name
    and title are kept apart as data; they are shown as a credit only when the
    text itself does not already name the speaker.
    """

    text = blocks.TextBlock(help_text="The quoted paragraph, exactly as released.")
    speaker = blocks.CharBlock(max_length=120, help_text="Full name of the person quoted.")
    speaker_title = blocks.CharBlock(max_length=200, required=False, help_text="e.g. Chief Executive Officer")
    organisation = blocks.CharBlock(max_length=120, required=False)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        text = value["text"]
        speaker = value["speaker"]
        context["names_speaker"] = bool(speaker) and speaker in text
        if context["names_speaker"]:
            # Mark the speaker inside the text for styling and assistive tech.
            head, _, tail = text.partition(speaker)
            context["marked_text"] = mark_safe(  # noqa: S308 - every part is escaped
                f'{escape(head)}<span class="speaker">{escape(speaker)}</span>{escape(tail)}'
            )
        return context

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"


class TableWithCaptionBlock(blocks.StructBlock):
    """A data table (e.g. financial highlights) with an accessible caption."""

    caption = blocks.CharBlock(max_length=200, required=False)
    table = TableBlock()

    class Meta:
        icon = "table"
        template = "blocks/table.html"


class FigureBlock(blocks.StructBlock):
    """An image with required alternative text and an optional caption."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(max_length=250, help_text="Describe the image for people who cannot see it.")
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "blocks/figure.html"


class DocumentLinkBlock(blocks.StructBlock):
    """A link to a document (financial statements, presentation) from the body."""

    document = DocumentChooserBlock()
    label = blocks.CharBlock(max_length=200, required=False, help_text="Link text; defaults to the document title.")

    class Meta:
        icon = "doc-full"
        template = "blocks/document_link.html"


class ReleaseBodyBlock(blocks.StreamBlock):
    """The body of a release: its paragraphs in order, the dateline going into the first."""

    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, template="blocks/paragraph.html")
    heading = blocks.CharBlock(max_length=200, icon="title", template="blocks/heading.html")
    quote = QuoteBlock()
    table = TableWithCaptionBlock()
    image = FigureBlock()
    document = DocumentLinkBlock()
