"""Private file storage for request attachments.

Files live under settings.PRIVATE_STORAGE_ROOT, outside anything the web server serves. The
location is read from settings each time, so a changed setting (a test's temporary folder,
a deployment's volume) is honoured without reloading the model. Files reach a browser only
through referrals.views_attachments.attachment_download, which checks permission first.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="referrals.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    def __init__(self, subfolder: str = "requests"):
        self.subfolder = subfolder
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return os.path.join(str(settings.PRIVATE_STORAGE_ROOT), self.subfolder)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no public address; link to the permission-checked download page")


private_storage = PrivateStorage()
