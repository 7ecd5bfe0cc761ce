"""What the demo's handovers say: customers, situations and replies a contact centre would write.

Contacts use numbers and domains reserved for drama and documentation (07700 900xxx,
020 7946 0xxx, example.com), so no real person is ever named or called.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field


def _names(text: str) -> list[str]:
    return text.split(", ")


FIRST = _names(
    "Aisha, Ben, Chloé, Darius, Eilidh, Fatima, Gareth, Hannah, Ifeoma, Jakub, Kwame, Lena, "
    "Mohammed, Niamh, Oliver, Priya, Rhys, Siobhan, Tomasz, Uma, Victor, Wen, Yusuf, Zoë, Aoife, "
    "Bartosz, Chinedu, Deepa, Erik, Grace, Hamza, Isla, José, Kerry, Malik, Nadia"
)
LAST = _names(
    "Abara, Brennan, Chaudhry, Davies, Evans, Fernández, Gallagher, Hughes, Iqbal, Jones, "
    "Kowalczyk, Lewis, MacLeod, Nowak, O'Connor, Patel, Quinn, Rahman, Søndergaard, Thomas, Usman, "
    "Varga, Williams, Xu, Yilmaz, Zielińska, Ní Bhriain, Okafor, Müller, Nguyễn"
)
TITLES = ["", "", "", "Mrs ", "Mr ", "Ms ", "Dr "]
PREFERENCES = [
    "Prefers e-mail; not before 10:00",
    "Call the mobile after 17:00: works days",
    "Hard of hearing: use Relay UK or e-mail",
    "Welsh speaker; prefers a Welsh-speaking adviser if one is free",
    "Do not call at work",
    "Text first, then call",
    "Mornings only: carer visits in the afternoon",
    "Asked us to use her married name",
    "Son (authorised on the account) may answer the phone",
]
KEEPS = [
    "I keep the written apology letter",
    "I'll update the CRM case notes",
    "I'll send the confirmation e-mail myself",
    "I chase the goodwill credit with Finance",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
AMOUNTS = ["12.99", "18.75", "24.50", "39.99", "64.00", "129.00", "249.99"]

READ_BACKS = {
    "refunds": [
        "Chase Finance on {ticket} and ring back with the date the money lands",
        "Get {ticket} approved, then confirm by e-mail",
    ],
    "complaint": [
        "Get the goodwill decision and call back before the promise runs out",
        "Send the written apology and confirm the new date",
    ],
    "technical fault": [
        "Confirm the engineer slot for {ticket} and text the window",
        "Check {ticket} is progressing and call her back",
    ],
    "bookings": [
        "Confirm slot {ticket} once she replies, or release it by 18:00",
        "Book the Saturday slot and send the confirmation",
    ],
    "general": ["Update the account and confirm by e-mail", "Call back and close the request"],
}
QUESTIONS = [
    "Which card was charged: the Visa ending 4421 or the Amex?",
    "Is the engineer slot AM or PM?",
    "Has the customer agreed to the goodwill amount, or only asked for it?",
    "There are two accounts under this name; which one?",
    "I don't have refunds access on this terminal: can someone else take it?",
]
ANSWERS = [
    "The Visa. It's on the case notes now.",
    "AM slot, 08:00-12:00.",
    "Only asked. Offer £20 first, up to £40 with a supervisor.",
    "The one ending 0391, the newer account.",
]
OUTCOMES = [
    "Refund approved; called the customer, who is happy with the date",
    "Engineer booked for Thursday AM; customer confirmed by text",
    "Apology sent by e-mail; customer replied to say thanks",
    "Slot confirmed and confirmation e-mail sent",
    "Account updated; customer confirmed on the phone",
    "Goodwill credit of £20 applied to the next bill",
]
UNABLE = [
    "No billing access on this terminal",
    "Customer unreachable on both numbers; left two voicemails",
    "Needs a supervisor's approval above £250",
    "Engineer system down all afternoon",
]
COMMENTS = [
    "Any news on this one?",
    "Called, no answer; trying again at the top of the hour",
    "Finance say it is in today's batch",
    "Customer rang in again asking for an update",
    "Left a voicemail with the case number",
]
NOT_TOLD = [  # why a sender could not tell the customer of the transfer
    "Voicemail only; they will hear it on the callback",
    "The line dropped before I could tell them",
    "Customer asked us to call back later; not told yet",
]
FLAG_NOTES = [
    "Check the refund has landed before the promise runs out",
    "Vulnerable customer: check in before end of shift",
    "Promised a call back today; make sure it happens",
    "Second contact about this: keep an eye on it",
]


@dataclass
class Story:
    """The text of one handover as the sender would type it."""

    summary: str
    actions_taken: str
    action_required: str
    ticket: str = ""
    customer_ref: str = ""
    customer_name: str = ""
    customer_contact: str = ""
    answers: dict[int, str] = field(default_factory=dict)
    promises: str = ""
    contingency: str = ""
    preferences: str = ""
    sender_keeps: str = ""


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().replace("'", "").replace(" ", "")


def _customer(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    name = f"{rng.choice(TITLES)}{first} {last}"
    kind = rng.random()
    if kind < 0.45:
        contact = f"07700 900{rng.randrange(1000):03d}"
    elif kind < 0.6:
        contact = f"020 7946 0{rng.randrange(1000):03d}"
    else:
        contact = f"{_ascii(first).lower()}.{_ascii(last).lower()}@example.{rng.choice(['com', 'org', 'net'])}"
    return name, contact


def story(rng: random.Random, service: str) -> Story:
    """A fresh situation for `service`, with the answers its template prompts for."""
    name, contact = _customer(rng)
    day, amount = rng.choice(DAYS), rng.choice(AMOUNTS)
    make = _STORIES.get(service, _general)
    told = make(rng, day, amount)
    told.customer_name, told.customer_contact = name, contact
    if rng.random() < 0.55:
        told.preferences = rng.choice(PREFERENCES)
    if rng.random() < 0.25:
        told.sender_keeps = rng.choice(KEEPS)
    return told


def _refund(rng: random.Random, day: str, amount: str) -> Story:
    ticket = f"RF-{rng.randrange(10000, 99999)}"
    summary = rng.choice(
        [
            f"Charged twice for this month's bill (£{amount}); the second payment left on {day}: now overdrawn.",
            f"Cancelled order {rng.randrange(100000, 999999)} within 14 days but has not had the £{amount} back.",
            f"Returned a faulty router by post; tracking shows it arrived on {day} but no refund of £{amount} yet.",
        ]
    )
    return Story(
        customer_ref=f"ACC-{rng.randrange(100000, 999999)}",
        summary=summary,
        actions_taken=f"Checked the payment history, confirmed it and raised refund ticket {ticket}. Apologised.",
        action_required=rng.choice(
            [
                f"Chase Finance to approve {ticket} and ring the customer back with the date the money will land.",
                f"Check {ticket} is approved before 16:00 and confirm it to the customer by e-mail.",
            ]
        ),
        ticket=ticket,
        answers={1: ticket},
        promises=rng.choice([f"Refund of £{amount} within 5 working days", "Call back today before 17:00"]),
        contingency="If Finance has not approved it by 16:00, ask a supervisor to approve it."
        if rng.random() < 0.5
        else "",
    )


def _complaint(rng: random.Random, day: str, amount: str) -> Story:
    ticket = f"CMP-{rng.randrange(10000, 99999)}"
    summary = rng.choice(
        [
            f"Engineer missed two appointments (last one {day}); the customer took unpaid leave for both.",
            "Was quoted three different prices on three calls and wants the lowest one honoured.",
            f"Unhappy with how she was spoken to in store on {day}; wants a written apology.",
        ]
    )
    return Story(
        customer_ref=ticket,
        summary=summary,
        actions_taken=f"Apologised, logged complaint {ticket} and asked for a goodwill credit of £20.",
        action_required="Call back with the goodwill decision and confirm everything in writing.",
        ticket=ticket,
        answers={1: rng.choice(["Yes, on the call", "Yes, and again by e-mail"]), 2: "Me until end of shift, then you"},
        promises=rng.choice(["Written apology by e-mail within 24 hours", "A decision on the credit today"]),
        contingency="If the goodwill credit is refused, pass it to a supervisor before calling the customer.",
    )


def _fault(rng: random.Random, day: str, amount: str) -> Story:
    ticket = f"FLT-{rng.randrange(100000, 999999)}"
    summary = rng.choice(
        [
            f"Broadband drops every evening around 20:00 since {day}; two router restarts did not help.",
            "No dial tone on the landline since yesterday; the customer is elderly and relies on the phone.",
            "Getting 3 Mb/s against the 60 Mb/s sold; works from home and has calls all day.",
        ]
    )
    return Story(
        customer_ref=f"ACC-{rng.randrange(100000, 999999)}",
        summary=summary,
        actions_taken=f"Ran a line test, raised fault {ticket} and asked for the first engineer slot.",
        action_required=f"Confirm the engineer slot for {ticket} and text the customer the time window.",
        ticket=ticket,
        answers={
            1: ticket,
            2: rng.choice(["Fault on the exchange side", "Clear to the master socket", "Intermittent"]),
        },
        promises="Engineer slot confirmed by text today" if rng.random() < 0.6 else "",
        contingency="If no slot within 3 days, offer a 4G router on loan." if rng.random() < 0.5 else "",
    )


def _booking(rng: random.Random, day: str, amount: str) -> Story:
    ticket = f"BK-{rng.randrange(1000, 9999)}"
    summary = rng.choice(
        [
            f"Wants to move the installation from {day} to a Saturday; only Saturdays work for her.",
            "Had a call back booked for 14:00 that never came; wants one this afternoon.",
            "Needs the visit moved: away next week for a family funeral.",
        ]
    )
    return Story(
        customer_ref=f"ACC-{rng.randrange(100000, 999999)}",
        summary=summary,
        actions_taken=f"Checked availability and held slot {ticket} provisionally.",
        action_required=f"Confirm slot {ticket} once the customer replies by e-mail, or release it by 18:00.",
        ticket=ticket,
        answers={1: ticket},
        promises=rng.choice(["", "Confirmation e-mail today"]),
    )


def _general(rng: random.Random, day: str, amount: str) -> Story:
    summary, taken, action = rng.choice(
        [
            (
                "Moved house; new address given on the call.",
                "Checked ID and noted the new address.",
                "Update the address on the account and send the confirmation letter.",
            ),
            (
                "Asked to add her son as an authorised person on the account.",
                "Explained the form; she sent it by e-mail.",
                "Check the form and add him, then let her know.",
            ),
            (
                "Wants paper copies of the last three bills.",
                "Confirmed the postal address.",
                "Order the copies and confirm the date they will arrive.",
            ),
            (
                "Web form subject was '[URGENT] [/b] late fee??' — asking why a late fee was added.",
                "Saw the direct debit failed on the 3rd; bank confirms funds were there.",
                "Ask Billing to remove the fee and tell the customer.",
            ),
        ]
    )
    return Story(
        customer_ref=f"ACC-{rng.randrange(100000, 999999)}" if rng.random() < 0.7 else "",
        summary=summary,
        actions_taken=taken,
        action_required=action,
    )


_STORIES = {
    "refunds": _refund,
    "complaint": _complaint,
    "technical fault": _fault,
    "bookings": _booking,
}
