"""Uploaded files: stored under names nobody can guess, with the extension of what they contain,
and sent only through a view that has decided who may see them.

Storage. Every FileField and ImageField of the project stores through `UploadStorage` (the
"default" storage in settings.STORAGES), so the rule holds for every door: the portal's forms,
the services, the admin, the shell. Whatever the uploader called a file, it is stored as
`<upload_to>/<24 random characters>.<extension of its content>`: "evil.html" starting with
%PDF- becomes "convenings/documents/Zq3…x.pdf", a logo re-encoded as PNG becomes
"logos/…png". The content was checked before (members.images re-encodes images,
events.files.validate_pdf checks PDFs); the storage only names it after what it is, and calls
anything it does not recognise ".bin", which is served as a download of unknown type.

Serving. A stored file's type is read from that extension, which only this module writes, never
from the uploader's name or the browser's guess. `serve()` builds the answer once a view has
decided the file's audience (federation.views_media): the bytes themselves (FileResponse), or
with settings.MEDIA_ACCEL_REDIRECT an empty answer whose X-Accel-Redirect header tells nginx to
send the file from an `internal` location, so that a large download does not hold a worker.
"""

import posixpath
import secrets
from urllib.parse import quote

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

PUBLIC = "public"
PRIVATE = "private"

# extension: (content type, shown in the page). Images are re-encoded by Pillow before they are
# stored, so they carry pixels and nothing else: shown inline. A PDF is the uploader's own
# bytes (scripts, forms, links): it is downloaded, so the browser opens it outside the portal's
# origin rather than rendering it inside it.
TYPES = {
    "pdf": ("application/pdf", False),
    "png": ("image/png", True),
    "jpg": ("image/jpeg", True),
    "webp": ("image/webp", True),
}
UNKNOWN = "bin"
UNKNOWN_TYPE = "application/octet-stream"

# A file opened on its own is a document of the portal's origin: whatever it is, it may run
# nothing, load nothing and submit nothing (images still show; a PDF is downloaded anyway).
FILE_POLICY = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"
)
# Names never change (a new upload gets a new name), but a file's audience can (a convening
# made members-only, an organization suspended): an hour bounds how long a copy outlives that.
MAX_AGE = 3600


def sniff(head: bytes) -> str:
    """The extension for content starting with `head`; UNKNOWN when it is none we accept.
    A PDF may start after whitespace, as validate_pdf allows."""
    if head.lstrip().startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return UNKNOWN


def extension_of(content) -> str:
    content.seek(0)
    head = content.read(1024)
    content.seek(0)
    return sniff(head if isinstance(head, bytes) else head.encode())


def random_name(directory: str, extension: str) -> str:
    return posixpath.join(directory, f"{secrets.token_urlsafe(18)}.{extension}")


class UploadStorage(FileSystemStorage):
    """The file system under MEDIA_ROOT, naming each file by a random token and its content."""

    def save(self, name, content, max_length=None):
        if name is None:
            name = content.name
        if not hasattr(content, "chunks"):
            content = File(content, name)
        name = random_name(posixpath.dirname(name), extension_of(content))
        return super().save(name, content, max_length=max_length)


def content_type(name: str) -> tuple[str, bool]:
    """(content type, inline) of a stored file, from the extension this storage gave it."""
    extension = posixpath.splitext(name)[1].lstrip(".").lower()
    return TYPES.get(extension, (UNKNOWN_TYPE, False))


def download_name(label: str, name: str) -> str:
    """A readable file name for a download: `label` on one line, with the stored extension."""
    extension = posixpath.splitext(name)[1].lstrip(".").lower()
    extension = extension if extension in TYPES else UNKNOWN  # never "x.html" on the disk
    label = " ".join(label.replace("/", " ").replace("\\", " ").split())[:80]
    return f"{label or 'file'}.{extension}"


def serve(name: str, *, audience: str, label: str = "") -> HttpResponse:
    """The answer carrying stored file `name` to someone a view found may see it. `audience`
    is PUBLIC (anyone may see it: shared caches may keep it) or PRIVATE; `label` names a
    download."""
    kind, inline = content_type(name)
    accel = settings.MEDIA_ACCEL_REDIRECT
    if accel:
        response = HttpResponse(content_type=kind)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(name)
    else:
        try:
            handle = default_storage.open(name, "rb")
        except (FileNotFoundError, IsADirectoryError, ValueError):
            raise Http404 from None
        response = FileResponse(handle, content_type=kind)
    response["Content-Disposition"] = (
        "inline" if inline else content_disposition_header(True, download_name(label, name))
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    shared = "public" if audience == PUBLIC else "private"
    response["Cache-Control"] = f"{shared}, max-age={MAX_AGE}"
    return response
