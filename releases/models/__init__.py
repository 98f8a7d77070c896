from .pages import HomePage, NewsroomPage, PressReleasePage, ReleaseAttachment, ReleaseContact
from .profile import CompanyProfile, profile_for, profiles_for, time_zone_label
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
    "profile_for",
    "profiles_for",
    "time_zone_label",
]
