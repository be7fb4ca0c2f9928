"""Posting forms as a browser would: the fields of a form read from the page's own HTML, and the practice form's
URLs, errors and messages."""

from django.urls import reverse

from tests.html import fragment

CREATE_URL = reverse("practices:practice-create")


def edit_url(practice):
    return reverse("practices:practice-edit", args=[practice.slug])


def form_fields(markup, form_id):
    """The name/value pairs a browser submits for the form with id `form_id` (without files and buttons)."""
    form = fragment(markup).find("form", id=form_id)
    fields = []
    for control in form.find_all(["input", "textarea", "select"]):
        if control.tag.find_parent("template"):
            continue  # a row to copy, not a field
        attrs = control.attrs
        if control.name == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                continue
            if kind not in ("file", "submit", "button"):
                fields.append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")))
        elif control.name == "textarea":
            value = control.string
            fields.append((attrs["name"], value[1:] if value.startswith("\n") else value))
        elif control.name == "select":
            selected = [option for option in control.find_all("option") if "selected" in option.attrs]
            fields += [(attrs["name"], option.attrs.get("value", "")) for option in selected]
    return fields


def browser_form(response, form_id="practice-form"):
    """{name: value or [values]} as a browser would submit the form of `response`."""
    data = {}
    for name, value in form_fields(response.content.decode(), form_id):
        if name in data:
            data[name] = [*data[name], value] if isinstance(data[name], list) else [data[name], value]
        else:
            data[name] = value
    data.pop("csrfmiddlewaretoken", None)
    return data


def page_form(client, url, **changes):
    """The form as the page at `url` shows it, with `changes` made (None removes a field)."""
    response = client.get(url)
    assert response.status_code == 200
    data = browser_form(response)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def errors_of(response):
    """{field: [messages]} of the practice form in the response."""
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def summary_links(response):
    return [(link.anchor, link.text) for link in response.context["error_links"]]


def messages_of(response):
    return [str(message) for message in response.context["messages"]]
