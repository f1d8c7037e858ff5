"""What the business app's models hold of people, and their fate on export, erasure
and retention (issue 16; the registry is ``members.personal_data.registry``)."""
