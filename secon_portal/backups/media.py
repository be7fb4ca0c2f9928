"""The media side of a backup: every file of a storage into a tar with its SHA-256, and back, checked."""

import hashlib
import posixpath
import tarfile
import tempfile

from django.core.files import File
from django.core.management.base import CommandError

MEDIA = "media.tar"
MANIFEST = "media-manifest.json"
CHUNK = 1024 * 1024


# -- the media ---------------------------------------------------------------------------------------------
def storage_files(storage, folder=""):
    """The names of every file in `storage`, walking its folders (listdir), in a stable order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # FileSystemStorage before the first upload: no MEDIA_ROOT yet
        if folder == "":
            return
        raise
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for name in sorted(folders):
        yield from storage_files(storage, posixpath.join(folder, name) if folder else name)


def _copy_hashing(source, target):
    """Copy file `source` into `target`; return (size, SHA-256 hex digest) of what was copied."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def file_sha256(path):
    with open(path, "rb") as source:
        digest = hashlib.sha256()
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def storage_sha256(storage, name):
    with storage.open(name, "rb") as source:
        digest = hashlib.sha256()
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _spooled():
    return tempfile.SpooledTemporaryFile(max_size=16 * CHUNK)


def write_media(storage, tar_path, created):
    """Put every file of `storage` into a new tar at `tar_path`; return the manifest (name, size, sha256)."""
    manifest = []
    with tarfile.open(tar_path, "w", format=tarfile.PAX_FORMAT) as tar:
        for name in storage_files(storage):
            with storage.open(name, "rb") as source, _spooled() as copy:
                size, sha256 = _copy_hashing(source, copy)
                copy.seek(0)
                member = tarfile.TarInfo(name)
                member.size, member.mtime, member.mode = size, int(created.timestamp()), 0o644
                tar.addfile(member, copy)
            manifest.append({"name": name, "size": size, "sha256": sha256})
    return manifest


def valid_name(name):
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and "\\" not in name and all(p not in ("", ".", "..") for p in parts)


def restore_media(backup_, storage, *, skip=(), replace=False):
    """Write the backup's files into `storage`, checking each one's SHA-256; return how many were written."""
    expected = {entry["name"]: entry for entry in backup_.files}
    written = 0
    with tarfile.open(backup_.folder / MEDIA, "r") as tar:
        members = {member.name: member for member in tar.getmembers()}
        for name, entry in expected.items():
            if name in skip:
                continue
            member = members.get(name)
            if member is None or not member.isfile():
                raise CommandError(f"The backup's {MEDIA} lacks {name}, which {MANIFEST} lists.")
            with tar.extractfile(member) as source, _spooled() as copy:
                size, sha256 = _copy_hashing(source, copy)
                if (size, sha256) != (entry["size"], entry["sha256"]):
                    raise CommandError(f"The backup is damaged: {name} does not match its SHA-256 in {MANIFEST}.")
                copy.seek(0)
                if replace and storage.exists(name):
                    storage.delete(name)
                saved = storage.save(name, File(copy, name=posixpath.basename(name)))
            if saved != name:
                raise CommandError(f"{name} was stored as {saved}: a file of that name exists in the storage.")
            written += 1
    return written
