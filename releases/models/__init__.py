from .pages import NewsroomPage, PressReleasePage, ReleaseAttachment, ReleaseContact
from .snippets import Category, MediaContact
from .versions import ReleaseVersion

__all__ = [
    "Category",
    "MediaContact",
    "NewsroomPage",
    "PressReleasePage",
    "ReleaseAttachment",
    "ReleaseContact",
    "ReleaseVersion",
]
