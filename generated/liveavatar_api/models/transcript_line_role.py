from typing import Literal

TranscriptLineRole = Literal["avatar", "user"]

TRANSCRIPT_LINE_ROLE_VALUES: set[TranscriptLineRole] = {
    "avatar",
    "user",
}


def check_transcript_line_role(value: str) -> TranscriptLineRole:
    if value in TRANSCRIPT_LINE_ROLE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TRANSCRIPT_LINE_ROLE_VALUES!r}"
    )
