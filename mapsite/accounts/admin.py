from django.contrib import admin

from mapsite.accounts.forms import AdminLoginForm

# The admin's log-in takes the site's log-in limits and challenge (see accounts/forms.py).
admin.site.login_form = AdminLoginForm
admin.site.login_template = "accounts/admin_login.html"
