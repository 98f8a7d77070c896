from .pages import NewsroomPage, PressReleasePage, ReleaseAttachment, ReleaseContact
from .snippets import Category, MediaContact

__all__ = [
    "Category",
    "MediaContact",
    "NewsroomPage",
    "PressReleasePage",
    "ReleaseAttachment",
    "ReleaseContact",
]
