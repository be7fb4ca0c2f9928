"""Fixed wording of the portal's pages that several test modules check."""

FUNDING = "SECON is co-funded by the European Union through the Interreg Europe programme."


DISCLAIMER = (
    "The content of this publication represents the views of the author only and is his/her sole responsibility. "
    "The European Commission does not accept any responsibility for use that may be made of the information it "
    "contains."
)


THEME_LABELS = [
    "Awareness of the social economy",
    "Access to procurement and finance",
    "Strengthening social enterprises",
    "Regional social innovation",
]
