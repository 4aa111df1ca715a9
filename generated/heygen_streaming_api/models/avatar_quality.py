from typing import Literal

AvatarQuality = Literal["high", "low", "medium"]

AVATAR_QUALITY_VALUES: set[AvatarQuality] = {
    "high",
    "low",
    "medium",
}


def check_avatar_quality(value: str) -> AvatarQuality:
    if value in AVATAR_QUALITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {AVATAR_QUALITY_VALUES!r}"
    )
