"""undo_import: removes what a batch created, puts back what it changed, leaves what people touched."""

import io

import pytest
from django.core.management import CommandError, call_command

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.imports.models import ImportBatch
from mapsite.votes.services import confirm
from tests.cameras.test_import_official import image, run, xml_file
from tests.helpers import CENTRAL, MONG_KOK, SHA_TIN


def undo(batch_id) -> str:
    out = io.StringIO()
    call_command("undo_import", str(batch_id), stdout=out)
    return out.getvalue()


def test_undo_removes_what_the_batch_created(tmp_path, make_camera):
    resident_camera = make_camera(*SHA_TIN)
    run(xml_file(tmp_path, image("A1", *MONG_KOK), image("A2", *CENTRAL)))
    batch = ImportBatch.objects.get()
    output = undo(batch.pk)
    assert "Removed 2 cameras it created; put back 0 changes; left 0." in output
    assert list(Camera.objects.all()) == [resident_camera]
    assert not AuditEntry.objects.filter(after__import_batch=batch.pk).exists()
    batch.refresh_from_db()
    assert batch.undone_at is not None and "Removed 2" in batch.undo_note


def test_undo_leaves_a_camera_a_resident_confirmed_since(tmp_path, districts, established):
    run(xml_file(tmp_path, image("A1", *MONG_KOK), image("A2", *CENTRAL)))
    batch = ImportBatch.objects.get()
    touched = Camera.objects.get(import_ref="A1")
    confirm(touched.pk, established(1)[0])
    output = undo(batch.pk)
    assert "Removed 1 cameras it created; put back 0 changes; left 1." in output
    assert f"camera #{touched.pk} (A1): left as it is, confirmed by a resident on" in output
    assert list(Camera.objects.exclude(import_ref="").values_list("import_ref", flat=True)) == ["A1"]


def test_undo_of_a_reimport_puts_back_moves_and_retirements(tmp_path, districts, established):
    run(xml_file(tmp_path, image("A1", *MONG_KOK, "Old words"), image("A2", *CENTRAL), image("A3", *SHA_TIN)))
    run(xml_file(tmp_path, image("A1", 22.3200, 114.1700, "New words"), image("A3", *SHA_TIN),
                 image("A4", 22.3000, 114.1720), name="newer.xml"))
    second = ImportBatch.objects.order_by("id").last()
    # A camera the batch created and a resident confirmed since stays.
    a4 = Camera.objects.get(import_ref="A4")
    confirm(a4.pk, established(1)[0])
    output = undo(second.pk)
    assert "Removed 0 cameras it created; put back 2 changes; left 1." in output
    cams = {c.import_ref: c for c in Camera.objects.all()}
    assert (cams["A1"].latitude, cams["A1"].longitude, cams["A1"].notes) == (*MONG_KOK, "Old words")
    assert cams["A2"].status == Camera.Status.VERIFIED
    assert "A4" in cams
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UNDONE).count() == 2


def test_undo_twice_or_of_nothing_is_refused(tmp_path, districts):
    run(xml_file(tmp_path, image("A1", *MONG_KOK)))
    batch = ImportBatch.objects.get()
    undo(batch.pk)
    with pytest.raises(CommandError, match="was undone on"):
        undo(batch.pk)
    with pytest.raises(CommandError, match="no import batch #999"):
        undo(999)


def test_a_reimport_and_its_undo_each_move_the_version_so_open_forms_conflict(tmp_path, districts):
    run(xml_file(tmp_path, image("A1", *MONG_KOK, "Old words")))
    before = Camera.objects.get(import_ref="A1").version
    run(xml_file(tmp_path, image("A1", *MONG_KOK, "New words"), name="newer.xml"))
    assert Camera.objects.get(import_ref="A1").version == before + 1
    undo(ImportBatch.objects.order_by("id").last().pk)
    camera = Camera.objects.get(import_ref="A1")
    assert (camera.notes, camera.version) == ("Old words", before + 2)
