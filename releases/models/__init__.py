from .archive import ArchiveCount, ArchiveShapeState
from .pages import NewsroomPage, PressReleasePage, ReleaseAttachment, ReleaseContact
from .snippets import Category, MediaContact
from .versions import ReleaseVersion

__all__ = [
    "ArchiveCount",
    "ArchiveShapeState",
    "Category",
    "MediaContact",
    "NewsroomPage",
    "PressReleasePage",
    "ReleaseAttachment",
    "ReleaseContact",
    "ReleaseVersion",
]
