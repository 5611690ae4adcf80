"""The ceremony in words, as its pages say it (docs/ceremony.md). English msgids marked with N_;
translated when shown."""

from __future__ import annotations

from flask_babel import gettext

from votesys.errors import N_

CEREMONY_STATES = {
    "keys": N_("Step 1: the members make their transport keys"),
    "dealing": N_("Step 2: the members deal their shares"),
    "checking": N_("Step 3: the members check their shares"),
    "complete": N_("Complete: the election key is made"),
    "abandoned": N_("Abandoned"),
}
MEMBER_STEPS = {
    "keys": N_("Transport key not published yet"),
    "dealing": N_("Transport key published; shares not dealt yet"),
    "checking": N_("Shares dealt; own shares not checked yet"),
    "done": N_("Shares checked; share kept under a passphrase"),
}
COMPLAINT = N_("Complained about member %(dealers)s: their share did not check")


def ceremony_state(status: str) -> str:
    return gettext(CEREMONY_STATES[status])


def member_step(step: str, complaints=()) -> str:
    if complaints:
        return gettext(COMPLAINT, dealers=", ".join(str(d) for d in complaints))
    return gettext(MEMBER_STEPS[step])
