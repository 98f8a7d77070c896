from django.urls import path

from alerts import views

urlpatterns = [
    path("alerts/", views.signup, name="alerts_signup"),
    path("alerts/check-your-inbox/", views.check_inbox, name="alerts_check_inbox"),
    path("alerts/confirm/<str:token>/", views.confirm_view, name="alerts_confirm"),
    path("alerts/manage/<str:token>/", views.manage, name="alerts_manage"),
    # RFC 8058 one-click: a POST with no cookie and no CSRF token, from the mail provider's servers.
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe_view, name="alerts_unsubscribe"),
]
