"""`manage.py backup` and `manage.py restore`: a backup restored into an empty database and an empty media
storage holds the same practices, files and history; a damaged backup or a target that is not empty is
refused with a clear message, before anything is written.

The backup reads the database with pg_dump, from another connection: the data must be committed, so these
tests run outside a transaction (and Django restores the test database's initial content afterwards). The
restore goes into a second database on the test database's server (DATABASE_URL's, or the private PostgreSQL
of `make test`), which each test creates empty and drops.
"""

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from psycopg2 import sql

from practices.models import CriterionAssessment, GoodPractice, PracticeAttachment, PracticeImage, Review
from secon_portal import backups
from tests.factories import GoodPracticeFactory, MembershipFactory, ReviewerFactory, seven_scores
from tests.files import ALT, pdf_upload, photo, upload

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The tables compared row for row after a restore: the practices, their revision history, the workflow
# steps with the reviewer's assessment, and the files with their history.
TABLES = [
    GoodPractice._meta.db_table,
    GoodPractice.history.model._meta.db_table,
    Review._meta.db_table,
    CriterionAssessment._meta.db_table,
    PracticeImage._meta.db_table,
    PracticeImage.history.model._meta.db_table,
    PracticeAttachment._meta.db_table,
    PracticeAttachment.history.model._meta.db_table,
]


@pytest.fixture
def target():
    """A new, empty database on the test database's server, dropped at the end: (its Database, its URL)."""
    source = backups.postgres.Database.from_settings(connection.settings_dict)
    name = f"{source.name}_restore"

    def drop(cursor):
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    with source.connect() as conn, conn.cursor() as cursor:
        drop(cursor)
        cursor.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    credentials = quote(source.user, safe="") + (":" + quote(source.password, safe="") if source.password else "")
    address = quote(source.host, safe="") + (f":{source.port}" if source.port else "")
    database = backups.postgres.Database(name, source.user, source.password, source.host, source.port)
    yield database, f"postgres://{credentials}@{address}/{name}"
    with source.connect() as conn, conn.cursor() as cursor:
        drop(cursor)


@pytest.fixture
def switch_media(settings, tmp_path):
    """Call it to make an empty folder the media root (the test's own is tmp_path / "media"); returns it."""

    def switch():
        settings.MEDIA_ROOT = tmp_path / "restored-media"
        return settings.MEDIA_ROOT

    return switch


def rows(cursor):
    """Every row of TABLES, in the order of their first column, by table."""
    snapshot = {}
    for table in TABLES:
        cursor.execute(sql.SQL("SELECT * FROM {} ORDER BY 1").format(sql.Identifier(table)))
        snapshot[table] = cursor.fetchall()
    return snapshot


def restored_rows(database, query=None):
    """The rows `query` finds in `database`, or all of TABLES' rows."""
    with database.connect() as conn, conn.cursor() as cursor:
        if query is None:
            return rows(cursor)
        cursor.execute(query)
        return cursor.fetchall()


def media_files():
    """{name: bytes} of every file in the default storage."""
    files = {}
    for name in backups.media.storage_files(default_storage):
        with default_storage.open(name, "rb") as file:
            files[name] = file.read()
    return files


def practices_with_files_and_history():
    """A published practice that went through a request for changes, with an image and an attachment; a draft."""
    owner = MembershipFactory(user__username="owner").user
    reviewer = ReviewerFactory(username="reviewer")
    shop = GoodPracticeFactory(partner=owner.memberships.get().partner, title="Village shop")
    shop.submit(owner)
    shop.request_changes(reviewer, "Add a photo of the shop.")
    image = PracticeImage(practice=shop, alt_text=ALT)
    image.image.save("shop.jpg", upload("shop.jpg", photo()), save=False)
    image.thumbnail.save("shop.jpg", upload("shop.jpg", photo(size=(160, 120))), save=False)
    image.save()
    attachment = PracticeAttachment(practice=shop, title="Annual report")
    attachment.file.save("report.pdf", pdf_upload(size=4096), save=False)
    attachment.save()
    shop.submit(owner, "Photo added.")
    shop.publish(reviewer, "Fine.", assessments=seven_scores())
    draft = GoodPracticeFactory(partner=shop.partner, title="Care cooperative")
    return shop, draft, image, attachment


def back_up(folder, name="nightly"):
    out = io.StringIO()
    call_command("backup", str(folder), "--name", name, stdout=out)
    return Path(out.getvalue().splitlines()[-1]), out.getvalue()


def restore(folder, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("restore", str(folder), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_backup_restores_the_same_practices_files_and_history_into_an_empty_database_and_storage(
    tmp_path, target, switch_media
):
    shop, draft, image, attachment = practices_with_files_and_history()
    with connection.cursor() as cursor:
        original = rows(cursor)
    assert [len(original[table]) for table in TABLES] == [2, 8, 4, 7, 1, 1, 1, 1]
    files = media_files()
    assert sorted(files) == sorted([image.image.name, image.thumbnail.name, attachment.file.name])

    folder, output = back_up(tmp_path / "backups")
    restored_media = switch_media()

    assert folder == tmp_path / "backups" / "nightly"
    assert sorted(path.name for path in folder.iterdir()) == [
        "backup.json",
        "database.dump",
        "media-manifest.json",
        "media.tar",
    ]
    assert output.startswith("Backed up 2 practices (8 versions, 4 reviews) and 3 files (")
    info = json.loads((folder / "backup.json").read_text())
    assert info["format"] == 1
    assert info["counts"] == {
        "practices": 2,
        "practice_versions": 8,
        "reviews": 4,
        "images": 1,
        "attachments": 1,
        "files": 3,
        "file_bytes": sum(map(len, files.values())),
    }
    assert info["database"]["server_version"] == connection.pg_version
    assert info["database"]["pg_dump_version"] >= connection.pg_version // 10000
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(name) FROM django_migrations WHERE app = 'practices'")
        assert info["database"]["migrations"]["practices"] == cursor.fetchone()[0]
    manifest = json.loads((folder / "media-manifest.json").read_text())["files"]
    assert sorted((entry["name"], entry["size"], entry["sha256"]) for entry in manifest) == sorted(
        (name, len(data), hashlib.sha256(data).hexdigest()) for name, data in files.items()
    )

    database, url = target
    output, warnings = restore(folder, "--database-url", url)

    assert output.startswith(
        f"Restored the backup of {info['created']} into the database {database.name}: 2 practices, 8 versions, "
        "4 reviews; files: 3 written, 0 already there ("
    )
    assert warnings == ""
    assert restored_rows(database, "SELECT id, title, state FROM practices_goodpractice ORDER BY id") == [
        (shop.pk, "Village shop", "published"),
        (draft.pk, "Care cooperative", "draft"),
    ]
    history = f"SELECT history_type, change, from_state, to_state, comment FROM {TABLES[1]} WHERE id = {shop.pk}"
    history += " ORDER BY history_id"
    assert restored_rows(database, history) == [
        ("+", "", "", "", ""),
        ("~", "", "", "", ""),
        ("~", "step", "draft", "submitted", ""),
        ("~", "step", "submitted", "changes_requested", "Add a photo of the shop."),
        ("~", "step", "changes_requested", "submitted", "Photo added."),
        ("~", "step", "submitted", "published", "Fine."),
    ]
    assert restored_rows(database) == original
    assert media_files() == files
    assert sorted(path.relative_to(restored_media).as_posix() for path in restored_media.rglob("*.*")) == sorted(files)


def rewrite_info(folder, change):
    info = json.loads((folder / "backup.json").read_text())
    change(info)
    (folder / "backup.json").write_text(json.dumps(info))


def replace_part(folder, part, data):
    """Replace a part of the backup and its checksum in backup.json, as a consistent but wrong backup."""
    (folder / part).write_bytes(data)
    rewrite_info(folder, lambda info: info["sha256"].update({part: hashlib.sha256(data).hexdigest()}))


def flip_a_byte_of_the_first_file(tar_path):
    with tarfile.open(tar_path) as tar:
        offset = tar.getmembers()[0].offset_data + 100
    data = bytearray(tar_path.read_bytes())
    data[offset] ^= 0xFF
    tar_path.write_bytes(bytes(data))


DAMAGES = {
    "no backup.json": (lambda folder: (folder / "backup.json").unlink(), "{folder} is not a backup of the portal"),
    "unreadable backup.json": (
        lambda folder: (folder / "backup.json").write_text("{"),
        "{folder}/backup.json is damaged: JSONDecodeError",
    ),
    "other format": (
        lambda folder: rewrite_info(folder, lambda info: info.update(format=2)),
        "{folder} is a backup in format 2; this portal reads format 1.",
    ),
    "dump missing": (
        lambda folder: (folder / "database.dump").unlink(),
        "The backup {folder} is incomplete: database.dump is missing.",
    ),
    "dump truncated": (
        lambda folder: (folder / "database.dump").write_bytes((folder / "database.dump").read_bytes()[:1000]),
        "The backup {folder} is damaged: database.dump does not match its SHA-256 in backup.json.",
    ),
    "a file's byte changed": (
        lambda folder: flip_a_byte_of_the_first_file(folder / "media.tar"),
        "The backup {folder} is damaged: media.tar does not match its SHA-256 in backup.json.",
    ),
    "manifest changed": (
        lambda folder: (folder / "media-manifest.json").write_text('{"files": []}'),
        "The backup {folder} is damaged: media-manifest.json does not match its SHA-256 in backup.json.",
    ),
    "dump not pg_dump's": (
        lambda folder: replace_part(folder, "database.dump", b"PGDMP but not really"),
        "Reading the dump failed (pg_restore exited with 1):\npg_restore: error: ",
    ),
    "manifest without checksums": (
        lambda folder: replace_part(folder, "media-manifest.json", b'{"files": [{"name": "a.jpg", "size": 1}]}'),
        "{folder}/media-manifest.json is damaged: KeyError 'sha256'.",
    ),
    "file outside the media": (
        lambda folder: replace_part(
            folder,
            "media-manifest.json",
            b'{"files": [{"name": "../secon_portal/settings.py", "size": 1, "sha256": ""}]}',
        ),
        "The backup {folder} names files outside the media: ../secon_portal/settings.py.",
    ),
}


def test_a_damaged_backup_is_refused_before_anything_is_restored(tmp_path, target, switch_media):
    practices_with_files_and_history()
    pristine, _ = back_up(tmp_path / "backups")
    restored_media = switch_media()
    database, url = target

    for number, (damage, (spoil, message)) in enumerate(DAMAGES.items()):
        folder = shutil.copytree(pristine, tmp_path / f"damaged-{number}")
        spoil(folder)

        with pytest.raises(CommandError) as refusal:
            restore(folder, "--database-url", url)

        assert str(refusal.value).startswith(message.format(folder=folder)), damage
        assert database.tables() == [], damage
        assert not restored_media.exists(), damage

    missing = url + "_missing"
    with pytest.raises(CommandError, match=f"^Cannot connect to the database {database.name}_missing: "):
        restore(pristine, "--database-url", missing)


def test_a_file_that_does_not_match_the_manifest_is_refused(tmp_path, target, switch_media):
    """The tar and the manifest each match backup.json, but a file in the tar is not the one the manifest lists
    (a backup put together wrongly): the restore stops at that file."""
    _, _, image, _ = practices_with_files_and_history()
    folder, _ = back_up(tmp_path / "backups")
    restored_media = switch_media()
    manifest = json.loads((folder / "media-manifest.json").read_text())
    for entry in manifest["files"]:
        if entry["name"] == image.image.name:
            entry["sha256"] = "0" * 64
    replace_part(folder, "media-manifest.json", json.dumps(manifest).encode())
    _, url = target

    with pytest.raises(CommandError, match="^The backup is damaged: .+ does not match its SHA-256 in media-manifest"):
        restore(folder, "--database-url", url)
    assert not (restored_media / image.image.name).exists()


def test_a_database_or_storage_that_is_not_empty_is_refused_unless_forced(tmp_path, target, switch_media):
    shop, _, image, _ = practices_with_files_and_history()
    folder, _ = back_up(tmp_path / "backups")
    restored_media = switch_media()
    database, url = target

    # The test's own database holds the practices: the default database is not replaced without --force.
    with pytest.raises(CommandError) as refusal:
        restore(folder)
    assert str(refusal.value).startswith(f"The database {connection.settings_dict['NAME']} is not empty: it has ")
    assert str(refusal.value).endswith(
        " Nothing was restored. Restore into an empty database and storage, or pass --force to drop everything "
        "in the database and replace those files."
    )
    assert GoodPractice.objects.get(pk=shop.pk).title == "Village shop"
    assert not restored_media.exists()

    restore(folder, "--database-url", url)
    with database.connect() as conn, conn.cursor() as cursor:
        cursor.execute("UPDATE practices_goodpractice SET title = 'Changed since' WHERE id = %s", [shop.pk])
    (restored_media / image.image.name).write_bytes(b"changed since")

    with pytest.raises(CommandError) as refusal:
        restore(folder, "--database-url", url)
    assert str(refusal.value).startswith(f"The database {database.name} is not empty: it has ")
    assert f" Files of the backup that exist in the storage with other content: 1 ({image.image.name}). " in str(
        refusal.value
    )
    assert restored_rows(database, f"SELECT title FROM practices_goodpractice WHERE id = {shop.pk}") == [
        ("Changed since",)
    ]

    output, _ = restore(folder, "--database-url", url, "--force")

    assert "; files: 1 written, 2 already there (" in output
    assert restored_rows(database, f"SELECT title FROM practices_goodpractice WHERE id = {shop.pk}") == [
        ("Village shop",)
    ]
    with connection.cursor() as cursor:
        assert restored_rows(database) == rows(cursor)
    assert (restored_media / image.image.name).read_bytes() == (tmp_path / "media" / image.image.name).read_bytes()


def test_the_backup_folder_is_new_each_time(tmp_path):
    first, _ = back_up(tmp_path, name="first")
    with pytest.raises(CommandError, match=f"^{tmp_path / 'first'} exists already: choose another --name.$"):
        back_up(tmp_path, name="first")
    out = io.StringIO()
    call_command("backup", str(tmp_path), stdout=out)
    timestamped = Path(out.getvalue().splitlines()[-1])
    assert timestamped.parent == tmp_path
    assert timestamped.name.startswith("secon-backup-20")
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(["first", timestamped.name])
    info = json.loads((first / "backup.json").read_text())
    assert (info["counts"]["practices"], info["counts"]["files"]) == (0, 0)

    server = connection.pg_version // 10000
    no_programs = tmp_path / "no-programs"
    no_programs.mkdir()
    needed = f"^pg_dump of PostgreSQL {server} or newer is needed; found: none. Install PostgreSQL's client programs"
    with pytest.raises(CommandError, match=needed):
        call_command("backup", str(tmp_path / "more"), "--name", "failed", "--pg-bindir", str(no_programs))
    assert list((tmp_path / "more").iterdir()) == []  # no half-written backup left behind


def test_the_pg_dump_chosen_is_not_older_than_the_server():
    server = connection.pg_version // 10000
    path = backups.postgres.postgres_program("pg_dump", server)
    versions = {path: version for version, path in backups.postgres.postgres_programs("pg_dump")}
    assert versions[path] >= server
    assert all(version < server or version >= versions[path] for version in versions.values())
    with pytest.raises(CommandError, match="^pg_dump of PostgreSQL 99 or newer is needed; found: "):
        backups.postgres.postgres_program("pg_dump", 99)


def test_a_newer_pg_restore_than_the_server_goes_through_psql_without_the_settings_the_server_lacks(tmp_path, target):
    """A backup of the private PostgreSQL (version 18) restored into an older server: pg_restore 17 and later set
    transaction_timeout, which PostgreSQL 15 rejects. That path runs here with the newest pg_restore installed,
    whatever the server's version; on an older server it leaves the setting out."""
    shop, *_ = practices_with_files_and_history()
    folder, _ = back_up(tmp_path / "backups")
    newest_version, newest = backups.postgres.postgres_programs("pg_restore")[-1]
    database, _ = target

    left_out = backups.postgres.restore_database(
        backups.read_backup(folder), database, newest, clear=False, older_server=True, timeout=600
    )

    server = connection.pg_version // 10000
    assert left_out == (["transaction_timeout"] if newest_version >= 17 > server else [])
    assert restored_rows(database, f"SELECT title, state FROM practices_goodpractice WHERE id = {shop.pk}") == [
        ("Village shop", "published")
    ]
    with connection.cursor() as cursor:
        assert restored_rows(database) == rows(cursor)


def test_a_failing_restore_through_psql_leaves_the_database_empty(tmp_path, target):
    practices_with_files_and_history()
    folder, _ = back_up(tmp_path / "backups")
    _, newest = backups.postgres.postgres_programs("pg_restore")[-1]
    database, _ = target
    with database.connect() as conn, conn.cursor() as cursor:
        cursor.execute("CREATE TABLE practices_review (id integer)")  # in the way of the dump's own

    with pytest.raises(
        CommandError, match='^Restoring the database failed \\(psql exited with 3\\):\n.*"practices_review"'
    ):
        backups.postgres.restore_database(
            backups.read_backup(folder), database, newest, clear=False, older_server=True, timeout=600
        )
    assert database.tables() == ["public.practices_review"]
