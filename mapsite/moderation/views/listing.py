"""The queue page's rows and filter controls, built once per page in Python.

Rendering dominated the queue page once its queries took a millisecond: 50 rows with a
{% url %}, a {% blocktranslate %}, |date and |timesince each, and a filter form whose
Django widgets render every <option> through a template of their own. Here each row is
one format_html string, with its links from a URL reversed once, and the <option> lists are
joined the same way; format_html escapes every value, as the template did.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from mapsite.cameras.features import url_template
from mapsite.cameras.models import Camera
from mapsite.districts.lookup import district_names

_SAMPLE = 987654321  # a placeholder id for url_template, found nowhere else in these URLs


# One queue row; each {} is escaped by format_html. The markup is the queue table's (queue.html).
_ROW = (
    '<tr class="queue-camera" data-camera-id="{id}">'
    '<td><input type="checkbox" name="cameras" value="{id}:{version}" form="bulk-form" aria-label="{select}"></td>'
    "<td>{thumb}</td>"
    '<td><a href="{review}" class="queue-review">#{id} {kind}</a>{demo}</td>'
    "<td>{district}</td><td>{operator}</td>"
    '<td title="{reported}">{age}</td>'
    "<td>+{confirms} / \u2212{disputes}</td></tr>"
)
_THUMB = '<img src="{}" alt="" class="queue-thumb" loading="lazy" width="32" height="32">'


def queue_rows(rows: list[dict], thumbs: dict[int, int], *, review_query: str, now: dt.datetime) -> list[str]:
    """Each row's <tr>: `rows` as the queue's ROW_FIELDS, `thumbs` a photo id per camera."""
    review = url_template("moderation:camera", pk=_SAMPLE)
    query = f"?{review_query}" if review_query else ""
    thumbnail = url_template("photos:thumbnail", pk=_SAMPLE)
    # 18 districts by id from the lookup's index, instead of a join the planner would start from.
    districts = district_names()
    kinds = {value: str(label) for value, label in Camera.Kind.choices}
    operators = {value: str(label) for value, label in Camera.Operator.choices}
    select = _("Select camera #%(number)s")
    demo = format_html(' <span class="badge">{}</span>', _("demo"))
    html = []
    for row in rows:
        pk, photo = row["id"], thumbs.get(row["id"])
        reported = localtime(row["reported_at"])
        html.append(format_html(
            _ROW, id=pk, version=row["version"], select=select % {"number": pk},
            thumb=format_html(_THUMB, thumbnail.format(pk=photo)) if photo else "",
            review=review.format(pk=pk) + query, kind=kinds.get(row["kind"], row["kind"]),
            demo=demo if row["is_demo"] else "",
            district=districts.get(row["district_id"], ""), operator=operators.get(row["operator"], row["operator"]),
            reported=date_format(reported, "Y-m-d H:i"), age=timesince(reported, now),
            confirms=row["confirm_count"], disputes=row["dispute_count"],
        ))
    return html


def filter_controls(form: forms.Form, *, skip: tuple[str, ...] = ("tab",)) -> list[tuple[str, str]]:
    """(label, widget HTML) for each visible filter field, as Django's widgets would render them."""
    controls = []
    for field in form:
        if field.name in skip or field.is_hidden:
            continue
        widget = field.field.widget
        if not isinstance(widget, forms.Select):
            controls.append((field.label, field.as_widget()))  # a text or number box: one template is cheap
            continue
        attrs = widget.build_attrs(widget.attrs, field.build_widget_attrs({}, widget))
        attrs.setdefault("id", field.auto_id)
        chosen = "" if field.value() is None else str(field.value())
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((value, " selected" if str(value) == chosen else "", label) for value, label in field.field.choices),
        )
        controls.append((field.label, format_html(
            '<select name="{}"{}>{}</select>', field.html_name,
            _attributes(attrs), options,
        )))
    return controls


def _attributes(attrs: dict) -> str:
    """HTML attributes as django/forms/widgets/attrs.html writes them: True bare, False and None left out."""
    return format_html_join("", "{}", (
        (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
        for name, value in attrs.items() if value is not False and value is not None
    ))
