import factory
from wagtail.images import get_image_model

from demo.images import make_image_file


def light_image_file(name="light.jpg"):
    """A small JPEG, well under the 100 KB inline limit."""
    return make_image_file(name, size=(400, 250))


def heavy_image_file(name="heavy.png"):
    """A PNG of random pixels: incompressible, far over 100 KB."""
    return make_image_file(name, size=(500, 400), noise=True)


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"图片{n}")
    description = factory.Sequence(lambda n: f"图片{n}的说明文字")
    file = factory.LazyFunction(light_image_file)

    class Params:
        heavy = factory.Trait(file=factory.LazyFunction(heavy_image_file))
