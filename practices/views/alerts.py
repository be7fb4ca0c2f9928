"""E-mail alerts for a search of the practice list: subscribe, confirm, unsubscribe (practices/alerts.py).

Nothing here depends on who is logged in: the links of the e-mails carry signed tokens. No page of these is kept in
the page cache (never_cache), and none is indexed (the templates say noindex).
"""

from axes.helpers import get_client_ip_address
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from practices import alerts
from practices.forms.alerts import SearchAlertForm
from practices.models import SearchAlert


def _invalid_link(request, error):
    """The page of a link that cannot be used, with the status that says why."""
    if isinstance(error, alerts.ExpiredToken):
        status = 410
        message = _(
            "This link has expired: a link to confirm an alert can be used for %(days)d days. "
            "Subscribe again to get a new one."
        ) % {"days": alerts.CONFIRM_DAYS}
    elif isinstance(error, SearchAlert.DoesNotExist):
        status = 404
        message = _(
            "This alert does not exist (any more): it was unsubscribed, or never confirmed and deleted. "
            "Nothing more is sent for it."
        )
    else:
        status = 400
        message = _("This link is not valid: it may have been cut or changed. Copy the whole link from the e-mail.")
    return render(request, "practices/alerts/invalid_link.html", {"message": message}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def alert_subscribe(request):
    """The form: GET with the list's query string; POST creates or refreshes the alert and queues the e-mail."""
    if request.method == "POST":
        form = SearchAlertForm(request.POST, client_address=get_client_ip_address(request))
        if form.is_valid():
            form.save(language=translation.get_language())
            return redirect("practices:alert-subscribed")
        search = form.search
    else:
        search = alerts.search_of(request.GET)
        form = SearchAlertForm(initial={"query": alerts.canonical_query(search)})
    query = alerts.canonical_query(search)
    list_url = reverse("practices:practice-list")
    return render(
        request,
        "practices/alerts/subscribe.html",
        {
            "form": form,
            "filter": search,
            "description": alerts.describe(search),
            "active_filters": alerts.active_filters(search),
            "list_url": f"{list_url}?{query}" if query else list_url,
        },
    )


@never_cache
@require_GET
def alert_subscribed(request):
    """The same answer for every address: the e-mail is on its way if the address is right."""
    return render(
        request,
        "practices/alerts/subscribed.html",
        {"per_day": alerts.CONFIRMATIONS_PER_ADDRESS_PER_DAY, "valid_days": alerts.CONFIRM_DAYS},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def alert_confirm(request, token):
    """GET: a page with a button (mail scanners open links); POST: confirm."""
    try:
        pk, frequency, language = alerts.read_confirm_token(token)
        alert = SearchAlert.objects.get(pk=pk)
    except (alerts.BadToken, SearchAlert.DoesNotExist) as error:
        return _invalid_link(request, error)
    context = {
        "alert": alert,
        "description": _describe(alert),
        "frequency": SearchAlert.Frequency(frequency).label,
    }
    if request.method == "POST":
        alert.confirm(frequency, language)
        context["unsubscribe_url"] = reverse("practices:alert-unsubscribe", args=[alerts.unsubscribe_token(alert)])
        return render(request, "practices/alerts/confirmed.html", context)
    return render(request, "practices/alerts/confirm.html", context)


def _describe(alert):
    return alerts.describe(alerts.search_of(alert.query))


@never_cache
@require_http_methods(["GET", "POST"])
def alert_unsubscribe(request, token):
    """GET: a page with a button; POST: delete the alert (its address with it)."""
    try:
        alert = SearchAlert.objects.get(pk=alerts.read_unsubscribe_token(token))
    except (alerts.BadToken, SearchAlert.DoesNotExist) as error:
        return _invalid_link(request, error)
    context = {"alert": alert, "description": _describe(alert)}
    if request.method == "POST":
        alert.delete()
        return render(request, "practices/alerts/unsubscribed.html", context)
    return render(request, "practices/alerts/unsubscribe.html", context)


@csrf_exempt
@require_POST
def alert_unsubscribe_one_click(request, token):
    """RFC 8058: the mail program POSTs `List-Unsubscribe=One-Click` to the List-Unsubscribe address; the signed token
    is the only authentication. An alert that is already gone is unsubscribed all the same."""
    if request.POST.get("List-Unsubscribe") != "One-Click":
        return HttpResponse(
            "Expected the body List-Unsubscribe=One-Click (RFC 8058).\n", status=400, content_type="text/plain"
        )
    try:
        pk = alerts.read_unsubscribe_token(token)
    except alerts.BadToken:
        return HttpResponse("This unsubscribe link is not valid.\n", status=400, content_type="text/plain")
    SearchAlert.objects.filter(pk=pk).delete()
    return HttpResponse("Unsubscribed.\n", content_type="text/plain")
