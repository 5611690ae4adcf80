"""The access matrix: every endpoint of the app, with who may use it.

``ACCESS[endpoint]`` is one of
- ``PUBLIC``: anyone, signed in or not (the sign-in page, the card holder's page, the tablet's
  welcome and sign-in, the receipt board, the challenge check, the language switch);
- ``VOTER``: only a delegate's voter session, made by a card on the tablet (401 without one,
  whoever is signed in as staff);
- a set of staff roles: those roles are let in; every other role gets 403; a visitor who is not
  signed in is sent to the sign-in page.

The sets follow ``votesys.roles.ACTIONS`` on the demo congress as seeded (the ceremony done by
counting1..3, no round counted yet). tests/security/test_access_matrix.py fails on an endpoint of
the app's url_map that is not here, so a new page must be classified before it is merged.
"""

from __future__ import annotations

from votesys.roles import ALL_STAFF

PUBLIC = "public"
VOTER = "voter"
SECRETARIAT = frozenset({"secretariat"})
DOOR = frozenset({"secretariat", "credentials"})
COUNTING = frozenset({"counting"})
CHAIR = frozenset({"chair"})

ACCESS: dict[str, object] = {
    "static": PUBLIC,
    "web.root": ALL_STAFF,  # each role's start page; a visitor is sent to sign in
    "web.choose_language": PUBLIC,
    "accounts.login": PUBLIC,
    "accounts.logout": ALL_STAFF,
    "accounts.users": SECRETARIAT,
    "accounts.add_user": SECRETARIAT,
    "accounts.set_active": SECRETARIAT,
    "roster.overview": ALL_STAFF,
    "roster.roll": ALL_STAFF,
    "roster.import_form": SECRETARIAT,
    "roster.import_file": SECRETARIAT,
    "roster.export": DOOR,
    "congress.edit": SECRETARIAT,
    "congress.save": SECRETARIAT,
    "audit.log": ALL_STAFF,
    "audit.verify": ALL_STAFF,
    "audit.export": ALL_STAFF,
    "credentials.cards": DOOR,
    "credentials.print_missing": SECRETARIAT,
    "credentials.confirm": {"reissue": SECRETARIAT, "revoke": DOOR},
    "credentials.reissue": SECRETARIAT,
    "credentials.revoke": DOOR,
    "credentials.find": DOOR,
    "credentials.holder": PUBLIC,
    "credentials.enter_code": PUBLIC,
    "checkin.desk": DOOR,
    "checkin.scan": DOOR,
    "checkin.search": DOOR,
    "checkin.recent": DOOR,
    "checkin.check_in": DOOR,
    "checkin.leave": DOOR,
    "checkin.come_back": DOOR,
    "checkin.undo": DOOR,
    "attendance.dashboard": ALL_STAFF,
    "attendance.dashboard_json": ALL_STAFF,
    "attendance.report": ALL_STAFF,
    "attendance.report_as_pdf": ALL_STAFF,
    "attendance.base": ALL_STAFF,
    "attendance.set_quorum": SECRETARIAT,
    "ceremony.index": ALL_STAFF,
    "ceremony.status": ALL_STAFF,
    "ceremony.transcript": ALL_STAFF,
    "ceremony.start": COUNTING,
    "ceremony.abandon": COUNTING,
    "ceremony.member_page": COUNTING,
    "ceremony.shares": COUNTING,
    "ceremony.card": COUNTING,
    "ceremony.transport_key": COUNTING,
    "ceremony.dealing": COUNTING,
    "ceremony.confirm": COUNTING,
    "elections.index": ALL_STAFF,
    "elections.show": ALL_STAFF,
    "elections.counting": ALL_STAFF,
    "elections.create": SECRETARIAT,
    "elections.add_delegate": SECRETARIAT,
    "elections.add_named": SECRETARIAT,
    "elections.confirm_withdraw": SECRETARIAT,
    "elections.withdraw": SECRETARIAT,
    "elections.approve": SECRETARIAT,
    "elections.reopen": SECRETARIAT,
    "elections.save_counting": SECRETARIAT,
    "stations.manage": SECRETARIAT,
    "stations.register": SECRETARIAT,
    "stations.revoke": SECRETARIAT,
    "stations.policy": SECRETARIAT,
    "chair.index": CHAIR,
    "chair.confirm": CHAIR,
    "chair.change": CHAIR,
    "chair.turnout": ALL_STAFF,
    "ballots.index": COUNTING,
    "ballots.voters": COUNTING,
    "ballots.paper": COUNTING,
    "ballots.enter_paper": COUNTING,
    "tablet.welcome": PUBLIC,
    "tablet.sign_in": PUBLIC,
    "tablet.card_sign_in": PUBLIC,
    "tablet.voter_state": PUBLIC,
    "tablet.finish": PUBLIC,
    "tablet.open_ballot": VOTER,
    "tablet.cast": VOTER,
    "tablet.challenge": VOTER,
    "tablet.vote_on_motion": VOTER,
    "tablet.receipt_rounds": PUBLIC,
    "tablet.receipt_board": PUBLIC,
    "tablet.receipt_list": PUBLIC,
    "tablet.challenge_page": PUBLIC,
    "tablet.challenge_find": PUBLIC,
    "tally.index": COUNTING,
    # The count page: the committee; the chair once signed, everyone once announced (none yet).
    "tally.round_page": COUNTING,
    "tally.count": COUNTING,
    "tally.decrypt_page": COUNTING,
    "tally.decryption_data": COUNTING,
    "tally.submit_decryption": COUNTING,
    "tally.confirm": COUNTING,
    "tally.next_round": SECRETARIAT,
    "tally.agreed_to_list": SECRETARIAT,  # an opinion ballot's agreed names onto the list
    "minutes.index": ALL_STAFF,
    "minutes.page": ALL_STAFF,
    "minutes.as_pdf": ALL_STAFF,
    "minutes.all_as_pdf": ALL_STAFF,
    "minutes.result_csv": ALL_STAFF,
    "minutes.result_json": ALL_STAFF,
    "record.congress_record": ALL_STAFF,
    "record.round_record": ALL_STAFF,
    "minutes.decisions": ALL_STAFF,
    "minutes.decisions_pdf": ALL_STAFF,
    "motions.index": ALL_STAFF,
    "motions.show": ALL_STAFF,
    "motions.turnout": ALL_STAFF,
    "motions.create": SECRETARIAT,
    "motions.usual": SECRETARIAT,
    "motions.put_list": SECRETARIAT,
    "motions.edit": SECRETARIAT,
    "motions.remove": SECRETARIAT,
    "motions.by_hand": SECRETARIAT,
    "motions.confirm": CHAIR,
    "motions.change": CHAIR,
    "projector.screen": ALL_STAFF,
    "projector.state": ALL_STAFF,
    "projector.control": CHAIR,
    "projector.announce": CHAIR,
    "projector.show": CHAIR,
}
