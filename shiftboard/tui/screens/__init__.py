"""The board's screens: sign-in, board, detail (and the forms and prompts they push)."""
