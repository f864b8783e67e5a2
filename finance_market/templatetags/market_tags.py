from django import template

register = template.Library()


@register.filter
def stars(score):
    score = int(score or 0)
    return "★" * score + "☆" * (5 - score)
