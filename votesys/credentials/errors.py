"""What can go wrong with delegate cards (thẻ đại biểu), in words that say how to fix it."""

from votesys.errors import N_, DomainError


class NoDelegate(DomainError):
    code = "no_delegate"
    status = 404
    message = N_("There is no delegate %(delegate)s on the roll. Check the number.")


class CardInForce(DomainError):
    code = "card_in_force"
    status = 409
    message = N_(
        "Delegate No. %(number)s already has a card in force. To print a new one, reissue it "
        "(the old card stops working)."
    )


class NoCardInForce(DomainError):
    code = "no_card_in_force"
    status = 409
    message = N_(
        "Delegate No. %(number)s has no card in force, so there is nothing to revoke. "
        "Print a card for them instead."
    )


class NothingToPrint(DomainError):
    code = "nothing_to_print"
    status = 409
    message = N_(
        "Every delegate already has a card in force. To replace one card, use Reissue on "
        "that delegate's row."
    )


class CardsChanged(DomainError):
    code = "cards_changed"
    status = 409
    message = N_(
        "Someone else issued or revoked cards at the same moment. Reload the page, check the "
        "cards' status and try again."
    )


class BadReason(DomainError):
    code = "bad_reason"
    message = N_(
        "Give the reason in 1 to %(maximum)s characters (for example: card lost, card damaged)."
    )


class BadPublicUrl(DomainError):
    code = "bad_public_url"
    message = N_(
        "The address to print in the QR codes is not usable: %(url)s. Give it as "
        "http://address:port or https://address:port (set VOTESYS_PUBLIC_URL or --url)."
    )


class FontMissing(DomainError):
    code = "font_missing"
    status = 500
    message = N_(
        "The font file %(path)s is missing, so the cards cannot be printed with Vietnamese "
        "letters. Install the Debian package fonts-dejavu-core, or set VOTESYS_FONT_DIR to a "
        "folder holding the DejaVu Sans fonts."
    )


class BadShortCode(DomainError):
    """A short code (mã thẻ) that cannot be a card's: the subclasses say why."""

    code = "bad_short_code"
    message = N_("This is not a card code. Type the 9 characters printed on the card.")


class ShortCodeLength(BadShortCode):
    code = "short_code_length"
    message = N_(
        "The code has %(length)s characters, but a card's code has %(expected)s, like "
        "K7M2-9XQ4-P. Type every character printed on the card."
    )


class ShortCodeCharacter(BadShortCode):
    code = "short_code_character"
    message = N_(
        "The character %(character)s does not occur in card codes. Type only the letters and "
        "digits printed on the card."
    )


class ShortCodeCheck(BadShortCode):
    code = "short_code_check"
    message = N_(
        "This code has a typing mistake: its last character does not match the others. "
        "Compare each character with the card and type it again."
    )


class CardGuessLocked(DomainError):
    code = "card_guess_locked"
    status = 429
    message = N_(
        "Too many codes that belong to no card. Wait %(seconds)s seconds before typing a code "
        "again, or scan the card's QR code."
    )
