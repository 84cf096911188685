from django.contrib.auth.models import AnonymousUser


def test_is_reported_by_only_the_signed_in_reporter(camera, reporter, other_resident):
    assert camera.is_reported_by(reporter)
    assert not camera.is_reported_by(other_resident)
    assert not camera.is_reported_by(AnonymousUser())
    assert not camera.is_reported_by(None)


def test_a_camera_without_a_reporter_is_nobodys(make_camera, reporter):
    # An imported camera, or one whose reporter's account was erased.
    camera = make_camera(reporter=None)
    assert not camera.is_reported_by(reporter)
    assert not camera.is_reported_by(AnonymousUser())
    assert not camera.is_reported_by(None)
