from django.urls import path

from mapsite.moderation import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("map.json", views.pending_map, name="pending_map"),
    path("audit/", views.audit, name="audit"),
    path("audit/<int:pk>/undo/", views.undo_entry, name="undo"),
    path("bulk/", views.bulk, name="bulk"),
    path("bulk/matching/", views.bulk_matching, name="bulk_matching"),
    path("cameras/<int:pk>/", views.camera, name="camera"),
    path("cameras/<int:pk>/verify/", views.verify, name="verify"),
    path("cameras/<int:pk>/reject/", views.reject, name="reject"),
    path("cameras/<int:pk>/remove/", views.remove, name="remove"),
    path("cameras/<int:pk>/restore/", views.restore, name="restore"),
    path("cameras/<int:pk>/edit/", views.edit, name="edit"),
    path("cameras/<int:pk>/correction/", views.apply_correction, name="apply_correction"),
    path("cameras/<int:pk>/merge/", views.merge, name="merge"),
    path("cameras/<int:pk>/merge/pick/", views.merge_picker, name="merge_picker"),
    path("photos/<int:pk>/approve/", views.approve_photo, name="approve_photo"),
    path("photos/<int:pk>/reject/", views.reject_photo, name="reject_photo"),
]
