"""The guard on staff pages. The actor is loaded for each request by the accounts domain.

The guard only spares an anonymous visitor a page they cannot use; what a role may do is decided
by ``votesys.roles.require`` in the services (and in the views that only read).
"""

from __future__ import annotations

from functools import wraps

from flask import g, redirect, request, url_for


def staff_required(view):
    @wraps(view)
    def guarded(*args, **kwargs):
        if g.get("user") is None:
            return redirect(url_for("accounts.login", next=request.full_path))
        return view(*args, **kwargs)

    return guarded
