"""Recompute the search page's document rows (facet values, visibility) without re-indexing the text."""

from django.core.management.base import BaseCommand

from search import documents


class Command(BaseCommand):
    help = "重建站内搜索的文档表（分面取值与可见性），不重新分词索引。update_index 也会重建它。"

    def handle(self, *args, **options):
        count = documents.rebuild()
        self.stdout.write(self.style.SUCCESS(f"已重建 {count} 条搜索文档。"))
