"""Every key of SPEC §2, as Textual bindings with ids (users remap them with `App.set_keymap`).

Navigation and lifecycle keys are priority bindings on their screen, so the focused card
list never swallows them and the keymap is one table. Only a few show in the footer
(80 columns hold about seven); every one is in the help screen and the command palette.
"""

from __future__ import annotations

from textual.binding import Binding


def key(
    keys: str,
    action: str,
    description: str,
    binding_id: str,
    help_text: str = "",
    *,
    show: bool = False,
    key_display: str | None = None,
) -> Binding:
    """A priority binding with an id; `help_text` is the longer text the palette and help screen show."""
    return Binding(
        keys,
        action,
        description,
        show=show,
        key_display=key_display,
        priority=True,
        id=binding_id,
        tooltip=help_text or description,
    )


# Acting on the selected handover: the same keys on the board and on the detail screen.
HANDOVER_BINDINGS = [
    key("a", "ack", "Ack", "handover.ack", "Acknowledge the selected card, reading the action back", show=True),
    key("f", "flag", "Flag", "handover.flag", "Flag / unflag for follow-up"),
    key("d", "done", "Done", "handover.done", "Mark done (asks for the outcome)", show=True),
    key("x", "unable", "Unable", "handover.unable", "Unable to complete (asks to confirm, then the reason)"),
    key("v", "verify", "Verify", "handover.verify", "Verify the outcome and close (asks to confirm)"),
    key("r", "reassign", "Reassign", "handover.reassign", "Reassign to someone else, or take it back"),
    key("c", "comment", "Comment", "handover.comment", "Add a comment (the sender's comment answers a query)"),
    key("Q", "query", "Query", "handover.query", "Ask the sender a question (shift+q)"),
    key("t", "take_back", "Take back", "handover.take-back", "Take back a card you sent: yours to finish"),
    key("w", "withdraw", "Withdraw", "handover.withdraw", "Withdraw a card you sent (asks for the reason)"),
    key("o", "reopen", "Reopen", "handover.reopen", "Reopen a closed card (asks which, and why)"),
    key("z", "undo", "Undo", "handover.undo", "Undo your own latest action on a card (within 2 minutes)"),
]

BOARD_BINDINGS = [
    key("left,h", "column(-1)", "Previous column", "board.column-previous"),
    key("right,l", "column(1)", "Next column", "board.column-next"),
    key("up,k", "card(-1)", "Previous card", "board.card-previous"),
    key("down,j", "card(1)", "Next card", "board.card-next"),
    key("enter", "detail", "Detail", "board.detail", "Open the card's detail", show=True, key_display="⏎"),
    key("n", "new_handover", "New", "board.new", "New handover (form)", show=True),
    *HANDOVER_BINDINGS,
    key("slash", "filter", "Filter", "board.filter", "Filter cards by text", show=True, key_display="/"),
    key("g", "group", "Group", "board.group", "Cycle grouping: by colleague / by status"),
    key("p", "privacy", "Privacy", "board.privacy", "Toggle privacy mode"),
    key("i", "needs", "Needs me", "board.needs", "Needs me: every card that needs you, with why"),
    key(
        "N", "notifications", "Notifications", "board.notifications", "Notifications: every alert, with time (shift+n)"
    ),
    key("s", "checklist", "Checklist", "board.checklist", "Shift-change checklist"),
    key("R", "review", "Review", "board.review", "Review screen (shift+r)"),
    key("H", "history", "History", "board.history", "History: search open, closed and archived handovers (shift+h)"),
    key("u", "switch_user", "Switch user", "board.switch-user", "Switch user (sign out to the sign-in screen)"),
    key("escape", "dismiss_arrivals", "Dismiss", "board.dismiss-arrivals", "Dismiss the summary of what arrived"),
    key("question_mark", "help", "Help", "board.help", "Help: the whole keymap", show=True, key_display="?"),
    key("q", "quit", "Quit", "board.quit", show=True),
]

DETAIL_BINDINGS = [
    Binding("escape", "back", "Back", show=True, id="detail.back", tooltip="Back to the board"),
    *HANDOVER_BINDINGS,
    key("question_mark", "help", "Help", "detail.help", "Help: the whole keymap", show=True, key_display="?"),
]

# Keys the help screen also lists, handled by Textual itself or by the forms.
OTHER_KEYS = [
    Binding("ctrl+p", "command_palette", "Palette", id="app.command-palette", tooltip="Command palette: every action"),
    Binding("tab", "focus_next", "Next field", id="form.next-field", tooltip="Forms: next field"),
    Binding("shift+tab", "focus_previous", "Previous field", id="form.previous-field", tooltip="Forms: previous field"),
    Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Forms: save"),
    Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Forms: cancel (asks first if anything was typed)"),
]

KEYMAP = [*BOARD_BINDINGS, *OTHER_KEYS]
"""The whole keymap, in SPEC order, for the help screen."""
