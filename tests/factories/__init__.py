from tests.factories.documents import DocumentFactory  # noqa: F401
from tests.factories.images import ImageFactory, heavy_image_file, light_image_file  # noqa: F401
from tests.factories.pages import (  # noqa: F401
    CaseIndexPageFactory,
    CasePageFactory,
    HomePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PolicyIndexPageFactory,
    PolicyPageFactory,
    StandardPageFactory,
)
from tests.factories.users import UserFactory  # noqa: F401
