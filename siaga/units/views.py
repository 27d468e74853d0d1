from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from siaga.units.selectors import unit_tree


@login_required
def tree(request):
    units = list(unit_tree(user=request.user))
    return render(request, "units/tree.html", {"units": units})
