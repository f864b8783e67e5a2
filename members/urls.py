from django.urls import path

from members.views import accounts, centre, data_sharing

accounts_patterns = (
    [
        path("register/", accounts.register, name="register"),
        path("activate/", accounts.activate, name="activate"),
        path("activate/resend/", accounts.activation_resend, name="activation_resend"),
        path("activate/<uidb64>/<token>/", accounts.activate_link, name="activate_link"),
        path("login/", accounts.LoginView.as_view(), name="login"),
        path("logout/", accounts.LogoutView.as_view(), name="logout"),
        path("password/change/", accounts.PasswordChangeView.as_view(), name="password_change"),
        path("password/reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
        path("password/reset/sms/", accounts.password_reset_sms, name="password_reset_sms"),
        path("password/reset/sms/confirm/", accounts.password_reset_sms_confirm, name="password_reset_sms_confirm"),
        path("password/reset/sent/", accounts.PasswordResetDoneView.as_view(), name="password_reset_done"),
        path("password/reset/<uidb64>/<token>/", accounts.PasswordResetConfirmView.as_view(),
             name="password_reset_confirm"),
        path("setup/<uidb64>/<token>/", accounts.AccountSetupView.as_view(), name="account_setup"),
        path("password/reset/done/", accounts.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    ],
    "accounts",
)

member_patterns = (
    [
        path("", centre.home, name="home"),
        path("profile/", centre.profile, name="profile"),
        path("certification/", centre.certification, name="certification"),
        path("messages/", centre.message_list, name="messages"),
        path("messages/read/", centre.message_mark_read, name="messages_mark_read"),
        path("messages/<int:pk>/", centre.message_detail, name="message"),
        path("messages/<int:pk>/delete/", centre.message_delete, name="message_delete"),
        path("cancel/", centre.cancel, name="cancel"),
        path("favourites/", centre.favourite_list, name="favourites"),
        path("favourites/add/", centre.favourite_add, name="favourite_add"),
        path("favourites/<int:pk>/delete/", centre.favourite_delete, name="favourite_delete"),
        path("data-grants/", data_sharing.grant_list, name="data_grants"),
        path("data-grants/<int:pk>/revoke/", data_sharing.grant_revoke, name="data_grant_revoke"),
        path("data-views/", data_sharing.view_log, name="data_views"),
    ],
    "members",
)
