"""Wagtail documents with the first bytes of real files (what core.uploads sniffs), a few bytes each."""

import factory
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

# An ISO-BMFF "ftyp" box (MP4, brand isom), an EBML header (WebM), a WebVTT caption file.
MP4_BYTES = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00\x00\x00\x08free"
WEBM_BYTES = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm"
VTT_BYTES = "WEBVTT\n\n00:00.000 --> 00:04.000\n银企对接，政府搭台。\n".encode()
PDF_BYTES = b"%PDF-1.4\n%demo\n"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"文档{n}")
    file = factory.LazyFunction(lambda: ContentFile(MP4_BYTES, name="promo.mp4"))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        document = model_class(*args, **kwargs)
        document._set_document_file_metadata()  # size and hash, as the admin upload sets them
        document.save()
        return document
