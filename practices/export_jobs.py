"""Large Excel exports, written by the worker instead of in the request.

An Excel export of more than exports.LARGE_EXPORT practices takes seconds to write (about 19 s at 100,000), so the
request does not write it (practices/views/open_data.py):

- **The file of a search** is named by a key, the SHA-256 of the search's canonical query string (sort included:
  it orders the rows), the language, the page cache's data version (which moves on with every change of public
  data) and the day: `exports/<key>/secon-practices-<day>.xlsx` in the media storage. The same search of the same
  data is written once and served as a plain file (by nginx in production) to everybody who asks for it. Without
  the page cache (no Redis) the data version never moves on: a window of UNVERSIONED_SECONDS stands in for it,
  so that a file is at most that much older than the data.
- **The request** redirects to that file when it is there. Otherwise it enqueues the job that writes it, once per
  key (a lock in the cache for LOCK_SECONDS, should the worker be away or the job fail), and answers 202 with a
  page that says the file is being prepared. With the cache out of reach it writes the workbook itself, as for a
  small export.
- **The job** (`write_large_export`) searches again, as the request would, and writes the workbook to a temporary
  file. On the local disk it is written beside its final name and renamed to it; in S3 it is uploaded whole: either
  way nobody is sent to a half-written file.
- **Old files** are deleted by every such job and by `manage.py clear_staged_uploads` (daily): those older than
  MAX_AGE. The day is part of the key, so a file older than a day is never the one a request is sent to.

Exports hold public data only, so the names need not be secret; they are long and unguessable all the same.
"""

import contextlib
import datetime
import hashlib
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import QueryDict
from django.utils import timezone, translation
from django_tasks import task

from practices import exports
from practices.filters import PracticeFilterSet
from practices.notifications import portal_url
from secon_portal import page_cache

logger = logging.getLogger(__name__)

FOLDER = "exports"
LOCK_SECONDS = 5 * 60  # a job asked for is not asked for again for so long, should the worker be away or fail
UNVERSIONED_SECONDS = 10 * 60  # without the page cache: how long a file stays the answer to its search
MAX_AGE = datetime.timedelta(days=1)
RETRY_AFTER_SECONDS = 30  # what the "being prepared" answer tells programs (a harvester of the catalogue)


@dataclass(frozen=True)
class LargeExport:
    """The Excel export of a search (its canonical query string) in a language, as a file of the media storage."""

    query: str
    language: str
    name: str  # in the media storage

    @classmethod
    def of(cls, search, language):
        """The export of `search` (a PracticeFilterSet) for the data as it is now. Reads the cache's data version:
        may raise secon_portal.unavailable.CACHE_ERRORS."""
        query = search.query_string()
        if page_cache.enabled():
            version = f"v{page_cache.data_version()}"
        else:
            version = f"t{int(time.time() // UNVERSIONED_SECONDS)}"
        day = timezone.localdate()
        key = hashlib.sha256("\n".join([query, language, version, day.isoformat()]).encode()).hexdigest()
        return cls(query, language, f"{FOLDER}/{key}/{exports.filename('xlsx', day)}")

    @property
    def key(self):
        return PurePosixPath(self.name).parent.name

    def is_ready(self):
        return default_storage.exists(self.name)

    def url(self):
        return default_storage.url(self.name)

    def enqueue_once(self):
        """Ask the worker to write the file, unless that was asked for less than LOCK_SECONDS ago; whether it was
        asked for now. May raise CACHE_ERRORS."""
        if not cache.add(f"exports:writing:{self.key}", True, LOCK_SECONDS):
            return False
        write_large_export.enqueue(self.query, self.language, self.name)
        return True


@task()
def write_large_export(query, language, name):
    """The worker's job: write the Excel export of the search `query` in `language` to `name` in the media storage
    (unless it is there already), then delete the old exports."""
    done = "already there"
    if not default_storage.exists(name):
        with translation.override(language):
            results = PracticeFilterSet.of_published(QueryDict(query)).results()
            _store(name, exports.Rows(results, portal_url()))
        done = "written"
    return f"{done}; {delete_old_exports()} old file(s) deleted"


def _store(name, rows):
    """Write the workbook of `rows` to `name`, which shows up only once it is complete."""
    storage = default_storage
    try:
        path = Path(storage.path(name))
    except NotImplementedError:  # a remote storage (S3): an upload shows up once it is complete
        with tempfile.TemporaryFile() as file:
            exports.write_xlsx(rows, file)
            file.seek(0)
            storage.save(name, File(file, name=name))
        return
    # The local disk: written beside its final name, then renamed to it (atomic on the same file system).
    path.parent.mkdir(parents=True, exist_ok=True)
    file = tempfile.NamedTemporaryFile(dir=path.parent, prefix=".", suffix=".partial", delete=False)  # noqa: SIM115
    try:
        with file:
            exports.write_xlsx(rows, file)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(file.name, storage.file_permissions_mode or 0o644)  # a temporary file is the owner's only
        os.replace(file.name, path)
    except BaseException:
        Path(file.name).unlink(missing_ok=True)
        raise


def delete_old_exports(older_than=MAX_AGE, now=None):
    """Delete the export files (complete or not) last written more than `older_than` ago; how many."""
    storage = default_storage
    cutoff = (now or timezone.now()) - older_than
    try:
        folders, _files = storage.listdir(FOLDER)
    except FileNotFoundError:  # nothing exported yet
        return 0
    deleted = 0
    for folder in folders:
        _subfolders, files = storage.listdir(f"{FOLDER}/{folder}")
        left = len(files)
        for name in (f"{FOLDER}/{folder}/{file}" for file in files):
            try:
                if storage.get_modified_time(name) >= cutoff:
                    continue
                storage.delete(name)
                deleted += 1
            except FileNotFoundError:  # deleted meanwhile, by another job
                pass
            left -= 1
        if not left:
            _remove_empty_folder(storage, f"{FOLDER}/{folder}")
    return deleted


def _remove_empty_folder(storage, folder):
    """On the local disk, a folder stays when its files are deleted (S3 has no folders)."""
    with contextlib.suppress(NotImplementedError, OSError):  # S3; or a new file came meanwhile
        os.rmdir(storage.path(folder))
