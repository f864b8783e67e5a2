"""Graphic standards for colour (000 §3.5): at most three brand colours, set in site settings."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import Site

from core.models import PortalSettings

pytestmark = pytest.mark.django_db

CSS = Path(settings.BASE_DIR, "static/css/portal.css").read_text()


def test_stylesheet_uses_no_more_than_three_brand_colours():
    brand_variables = set(re.findall(r"--brand-[a-z-]+", CSS))
    assert brand_variables == {"--brand-primary", "--brand-secondary", "--brand-accent"}


def test_stylesheet_has_no_hard_coded_chromatic_colours():
    """Apart from the brand variables, only neutral greys (r = g = b, give or take) and black/white overlays."""
    for value in re.findall(r"#([0-9a-fA-F]{6})\b", CSS):
        r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
        assert max(r, g, b) - min(r, g, b) <= 16, f"#{value} is a colour, not a neutral: use a --brand- variable"


def test_stylesheet_has_no_chromatic_rgb_or_named_colours():
    """The same rule for rgb()/rgba() and colour keywords, so 长者模式 (high contrast) stays black and white."""
    for r, g, b in re.findall(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)", CSS):
        assert max(map(int, (r, g, b))) - min(map(int, (r, g, b))) <= 16, f"rgb({r},{g},{b}) is a colour"
    named = re.findall(r":\s*[^;{}]*\b(red|yellow|blue|green|orange|purple|pink|cyan|magenta|gold|navy)\b", CSS)
    assert named == []


def test_elder_mode_only_swaps_the_brand_colours_for_black_and_white():
    elder = re.search(r"html\.elder-mode \{([^}]*)\}", CSS).group(1)
    swapped = dict(re.findall(r"(--brand-[a-z]+):\s*(#[0-9a-fA-F]{6})", elder))
    assert set(swapped) == {"--brand-primary", "--brand-secondary", "--brand-accent"}
    assert {v.lower() for v in swapped.values()} <= {"#000000", "#ffffff"}


def test_brand_colours_come_from_site_settings(client, home):
    portal_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal_settings.brand_primary = "#123456"
    portal_settings.save()
    html = client.get("/").content.decode()
    theme_url = re.search(r'href="(/theme\.css\?v=[^"]+)"', html).group(1)
    css = client.get(theme_url).content.decode()
    assert "--brand-primary:#123456" in css
    assert css.count("--brand-") == 3


def test_invalid_colour_is_refused_with_a_chinese_message():
    from django.core.exceptions import ValidationError

    portal_settings = PortalSettings(site=Site.objects.get(is_default_site=True), brand_primary="red")
    with pytest.raises(ValidationError) as error:
        portal_settings.full_clean()
    assert "#RRGGBB" in str(error.value)
