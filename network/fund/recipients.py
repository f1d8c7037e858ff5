"""Who hears from the fund about an application: one list for every email the fund
sends the applicant (the receipt, the screening, the board's outcome, each step of
the award)."""

from members.selectors import current_representatives


def applicant_recipients(application) -> list[tuple[str, str, str]]:
    """(address, language, name) of each confirmed representative of the applicant
    with an address, earliest first; the application's contact person when the
    registry names none."""
    found = []
    for affiliation in current_representatives().filter(
        organization_id=application.organization_id
    ):
        person = affiliation.person
        if person.contact_email:
            found.append((person.contact_email, person.language or "ja", str(person)))
    if not found and application.contact_email:
        found.append((application.contact_email, "ja", application.contact_name))
    return found
