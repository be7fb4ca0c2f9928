from django.shortcuts import render

from practices.models import GoodPractice, Theme


def home(request):
    return render(
        request,
        "home.html",
        {
            "themes": Theme.objects.all(),
            "latest_practices": GoodPractice.objects.published().select_related("region", "partner")[:6],
        },
    )
