"""The roles' names as people in the hall read them."""

from votesys.errors import N_

ROLE_NAMES = {
    "secretariat": N_("Secretariat"),
    "credentials": N_("Credentials committee"),
    "counting": N_("Counting committee"),
    "chair": N_("Chair"),
    "observer": N_("Observer (read only)"),
}
