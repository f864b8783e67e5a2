"""Upload hygiene (F-SEC-8): the type comes from the file's first bytes, not its name; images are
decoded and re-encoded (which drops EXIF/GPS and anything appended after the picture) and refused
when they would decode to more pixels than allowed (a "decompression bomb").

Used by the Wagtail image and document forms (WAGTAILIMAGES_IMAGE_FORM_BASE /
WAGTAILDOCS_DOCUMENT_FORM_BASE below) and by the loan-application attachments.
"""

import io
import os
import warnings

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office / WPS compound files
ZIP = b"PK\x03\x04"
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "doc": (OLE,), "xls": (OLE,), "ppt": (OLE,), "wps": (OLE,),
    "docx": (ZIP,), "xlsx": (ZIP,), "pptx": (ZIP,), "zip": (ZIP,), "ofd": (ZIP,),
    "webm": (b"\x1a\x45\xdf\xa3",),  # EBML header (Matroska / WebM)
    "mp4": (),  # an ISO-BMFF "ftyp" box at offset 4, checked in content_matches
}
# Text documents: checked for what they must not hold (NUL bytes, HTML) and, for WebVTT captions, the
# "WEBVTT" line they must start with.
TEXT_EXTENSIONS = {"txt", "vtt"}
# HEIF / AVIF pictures are ISO-BMFF files too: a still image renamed .mp4 is not a video.
STILL_IMAGE_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"avif"}
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp"}
PIL_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}


def extension_of(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def content_matches(upload, extension):
    """True when the first bytes are those of ``extension`` (text files: no NUL byte, no HTML)."""
    head = upload.read(2048)
    upload.seek(0)
    if extension in TEXT_EXTENSIONS:
        lowered = head.lower()
        if b"\x00" in head or b"<html" in lowered or b"<script" in lowered:
            return False
        if extension == "vtt":  # the WebVTT signature: optional BOM, "WEBVTT", then space, tab, newline or end
            body = head.removeprefix(b"\xef\xbb\xbf")
            return body.startswith(b"WEBVTT") and body[6:7] in (b"", b" ", b"\t", b"\n", b"\r")
        return True
    if extension == "webp":
        return head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    if extension == "mp4":
        return head[4:8] == b"ftyp" and head[8:12] not in STILL_IMAGE_BRANDS
    return any(head.startswith(signature) for signature in SIGNATURES.get(extension, ()))


def max_image_pixels():
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 64_000_000)


def reencode_image(upload, max_pixels=None):
    """A new upload holding the same picture re-encoded without metadata, or ValidationError in Chinese."""
    from PIL import Image, ImageOps

    max_pixels = max_pixels or max_image_pixels()
    extension = extension_of(upload.name)
    target = PIL_FORMATS.get(extension)
    if target is None:
        raise forms.ValidationError(_("“%(name)s”不是支持的图片格式（JPG、PNG、GIF、WebP）。") % {"name": upload.name})
    upload.seek(0)
    too_big = forms.ValidationError(
        _("图片“%(name)s”像素过多（超过 %(limit)s 万像素），请缩小后再上传。")
        % {"name": upload.name, "limit": max_pixels // 10000}, code="too_many_pixels")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(upload)
            width, height = picture.size
            frames = getattr(picture, "n_frames", 1)
            if width * height * frames > max_pixels:
                raise too_big
            if (picture.format or "").upper() != target and not (target == "JPEG" and picture.format == "MPO"):
                raise forms.ValidationError(_("“%(name)s”的内容与扩展名不符。") % {"name": upload.name})
            picture.load()
            output = io.BytesIO()
            if frames > 1 and target in ("GIF", "WEBP"):
                picture.save(output, format=target, save_all=True, loop=picture.info.get("loop", 0))
            else:
                picture = ImageOps.exif_transpose(picture)  # keep the orientation the EXIF asked for
                if target == "JPEG" and picture.mode not in ("RGB", "L"):
                    picture = picture.convert("RGB")
                options = {"quality": 90, "optimize": True} if target == "JPEG" else {}
                picture.save(output, format=target, **options)
    except forms.ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big from None
    except Exception:  # Pillow raises many kinds of errors on damaged or disguised files
        raise forms.ValidationError(_("无法识别图片“%(name)s”，文件可能已损坏。") % {"name": upload.name}) from None
    content_type = Image.MIME.get(target, "application/octet-stream")
    return SimpleUploadedFile(upload.name, output.getvalue(), content_type=content_type)


class PortalImageForm(BaseImageForm):
    """Wagtail's image form (which already checks format, size and pixel count) plus re-encoding."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:  # Wagtail's own messages have no Chinese translation yet
            field.error_messages.update({
                "invalid_image_extension": _("不支持的图片格式，请上传 %(formats)s 文件。") % {
                    "formats": field.supported_formats_text},
                "invalid_image_known_format": _("文件内容（%(image_format)s）与扩展名 .%(extension)s 不符。"),
                "file_too_large": _("文件过大（%(file_size)s），不能超过 %(max_filesize)s。"),
                "file_too_many_pixels": _(
                    "图片像素过多（%(num_pixels)s），不能超过 %(max_pixels_count)s 像素，请缩小后再上传。"),
            })

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            cleaned = reencode_image(upload)
            import willow

            cleaned.image = willow.Image.open(cleaned)  # Wagtail reads the Willow image it attached
            cleaned.seek(0)
            return cleaned
        return upload


class PortalDocumentForm(BaseDocumentForm):
    """Documents are accepted only when their first bytes match their extension."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            extension = extension_of(upload.name)
            known = extension in SIGNATURES or extension in TEXT_EXTENSIONS
            if not known or not content_matches(upload, extension):
                raise forms.ValidationError(
                    _("“%(name)s”的内容与扩展名不符，或不是允许的文件类型。") % {"name": upload.name})
            if extension in IMAGE_EXTENSIONS:
                return reencode_image(upload)
        return upload
