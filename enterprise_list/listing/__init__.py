"""资本市场培育板 (F-LIST-5), the 上市培育 part of enterprise_list: the ListingPlan model (models.py, registered
through enterprise_list.models, table and migrations of the enterprise_list app) and the enterprise's form and
the admin's list, statistics and export (views.py). The admin hooks and URL are in enterprise_list's wagtail_hooks.py
and urls.py."""
