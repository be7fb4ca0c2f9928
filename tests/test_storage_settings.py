"""Uploads on the local disk, or in an S3 bucket when its variables are set (secon_portal/storage.py).

The bucket itself is exercised by the cluster test (deploy/cluster-test.sh), against a real S3 server.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from secon_portal.storage import MediaStorage

S3 = {
    "AWS_STORAGE_BUCKET_NAME": "secon-media",
    "AWS_ACCESS_KEY_ID": "portal",
    "AWS_SECRET_ACCESS_KEY": "a-secret-key",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:8333",
    "AWS_S3_REGION_NAME": "us-east-1",
}
NO_S3 = dict.fromkeys(S3, "") | {"AWS_S3_ADDRESSING_STYLE": ""}
SHOW_STORAGE = "from django.conf import settings; import json; print(json.dumps(settings.STORAGES['default']))"


def default_storage_with(**env):
    """settings.STORAGES["default"] as a fresh interpreter reads it from `env`; or the error it stops with."""
    environment = {**os.environ, **NO_S3, **env}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SHOW_STORAGE],
        env=environment,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    if result.returncode != 0:
        return result.stderr.strip().splitlines()[-1]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_s3_variables_uploads_go_to_media_root():
    assert default_storage_with() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_access_keys_alone_leave_uploads_on_the_disk():
    """AWS tools read the same two variables: having them does not move the uploads."""
    keys = {"AWS_ACCESS_KEY_ID": "portal", "AWS_SECRET_ACCESS_KEY": "a-secret-key"}
    assert default_storage_with(**keys) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_with_the_bucket_configured_uploads_go_to_s3():
    assert default_storage_with(**S3) == {
        "BACKEND": "secon_portal.storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": "secon-media",
            "access_key": "portal",
            "secret_key": "a-secret-key",
            "endpoint_url": "http://127.0.0.1:8333",
            "region_name": "us-east-1",
            "addressing_style": "path",
            "file_overwrite": False,
            "querystring_auth": False,
            "default_acl": None,
        },
    }


def test_on_aws_itself_the_addressing_style_is_left_to_boto3():
    aws = {**S3, "AWS_S3_ENDPOINT_URL": ""}
    options = default_storage_with(**aws)["OPTIONS"]
    assert (options["endpoint_url"], options["addressing_style"]) == (None, None)
    assert default_storage_with(**aws, AWS_S3_ADDRESSING_STYLE="virtual")["OPTIONS"]["addressing_style"] == "virtual"


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({"AWS_STORAGE_BUCKET_NAME": "secon-media"}, "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY"),
        ({**S3, "AWS_SECRET_ACCESS_KEY": ""}, "AWS_SECRET_ACCESS_KEY"),
        ({**S3, "AWS_STORAGE_BUCKET_NAME": ""}, "AWS_STORAGE_BUCKET_NAME"),
    ],
)
def test_half_configured_s3_refuses_to_start(given, missing):
    assert default_storage_with(**given) == (
        "django.core.exceptions.ImproperlyConfigured: Media in S3 needs AWS_STORAGE_BUCKET_NAME, "
        f"AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY; set {missing} too."
    )


def storage():
    return MediaStorage(bucket_name="secon-media", access_key="k", secret_key="s", endpoint_url="http://127.0.0.1:1")


def test_addresses_stay_on_the_portals_own_origin_under_media_url():
    """The Content Security Policy allows images from 'self' only: nginx passes /media/ on to the bucket."""
    assert storage().url("practices/images/2026/11/Xy3kP0aQ/shop façade.jpg") == (
        "/media/practices/images/2026/11/Xy3kP0aQ/shop%20fa%C3%A7ade.jpg"
    )


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("practices/images/a/shop.jpg", "image/jpeg"),
        ("practices/thumbnails/a/shop-thumbnail.webp", "image/webp"),
        ("practices/attachments/a/report.pdf", "application/pdf"),
        ("staged/a/no-extension", "application/octet-stream"),
    ],
)
def test_the_stored_content_type_comes_from_the_name_not_the_browser(name, content_type):
    upload = ContentFile(b"<html><script>alert(1)</script>", name="x")
    upload.content_type = "text/html"  # what a hostile browser would claim
    assert storage()._get_write_parameters(name, upload)["ContentType"] == content_type
