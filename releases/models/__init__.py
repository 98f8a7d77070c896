from .pages import HomePage, NewsroomPage, PressReleasePage, ReleaseAttachment, ReleaseContact
from .profile import CompanyProfile
from .snippets import Category, MediaContact

__all__ = [
    "Category",
    "CompanyProfile",
    "HomePage",
    "MediaContact",
    "NewsroomPage",
    "PressReleasePage",
    "ReleaseAttachment",
    "ReleaseContact",
]
