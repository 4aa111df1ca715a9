from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.full_token_request_interactivity_type import (
    FullTokenRequestInteractivityType,
    check_full_token_request_interactivity_type,
)
from ..models.full_token_request_video_encoding import (
    FullTokenRequestVideoEncoding,
    check_full_token_request_video_encoding,
)
from ..models.full_token_request_video_quality import (
    FullTokenRequestVideoQuality,
    check_full_token_request_video_quality,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.avatar_persona import AvatarPersona
    from ..models.demo_llm_config import DemoLlmConfig
    from ..models.dynamic_variables import DynamicVariables
    from ..models.memory import Memory
    from ..models.video_settings import VideoSettings
    from ..models.voice_agent import VoiceAgent


T = TypeVar("T", bound="FullTokenRequest")


@_attrs_define
class FullTokenRequest:
    """FULL mode - LiveAvatar runs speech recognition, the LLM, the voice and the LiveKit room."""

    avatar_id: UUID
    """ The avatar. In sandbox mode only `dd73ea75-1218-4ef3-92ce-606d5f7fbc0a` ("Wayne") is allowed (D-sandbox).
    """
    mode: Literal["FULL"] = "FULL"
    """ `FULL`. """
    is_sandbox: bool | Unset = False
    """ A sandbox session uses no credits and ends after about a minute (D-sandbox). """
    video_settings: None | Unset | VideoSettings = UNSET
    max_session_duration: int | Unset = UNSET
    """ Maximum length of the session in seconds, at most the plan's limit; the plan's limit when unset. """
    avatar_persona: AvatarPersona | Unset = UNSET
    """ The FULL avatar's voice, context and language (deprecated upstream in favour of `voice_agent`). """
    voice_agent: VoiceAgent | Unset = UNSET
    """ A voice agent, the newer alternative to `avatar_persona` (D-va). """
    interactivity_type: FullTokenRequestInteractivityType | Unset = "CONVERSATIONAL"
    llm_configuration_id: UUID | Unset = UNSET
    """ A custom LLM configuration. """
    dynamic_variables: DynamicVariables | Unset = UNSET
    """ Values for `${var}` in the context's `opening_text` and `prompt`; extra keys are ignored. """
    memory: Memory | None | Unset = UNSET
    demo_llm_config: DemoLlmConfig | Unset = UNSET
    """ The LLM of a demo session. """
    video_quality: FullTokenRequestVideoQuality | Unset = UNSET
    """ Old top-level form of `video_settings.quality`. Send `video_settings`. """
    video_encoding: FullTokenRequestVideoEncoding | Unset = UNSET
    """ Old top-level form of `video_settings.encoding`. Send `video_settings`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.memory import Memory
        from ..models.video_settings import VideoSettings

        mode = self.mode

        avatar_id = str(self.avatar_id)

        is_sandbox = self.is_sandbox

        video_settings: dict[str, Any] | None | Unset
        if isinstance(self.video_settings, Unset):
            video_settings = UNSET
        elif isinstance(self.video_settings, VideoSettings):
            video_settings = self.video_settings.to_dict()
        else:
            video_settings = self.video_settings

        max_session_duration = self.max_session_duration

        avatar_persona: dict[str, Any] | Unset = UNSET
        if not isinstance(self.avatar_persona, Unset):
            avatar_persona = self.avatar_persona.to_dict()

        voice_agent: dict[str, Any] | Unset = UNSET
        if not isinstance(self.voice_agent, Unset):
            voice_agent = self.voice_agent.to_dict()

        interactivity_type: str | Unset = UNSET
        if not isinstance(self.interactivity_type, Unset):
            interactivity_type = self.interactivity_type

        llm_configuration_id: str | Unset = UNSET
        if not isinstance(self.llm_configuration_id, Unset):
            llm_configuration_id = str(self.llm_configuration_id)

        dynamic_variables: dict[str, Any] | Unset = UNSET
        if not isinstance(self.dynamic_variables, Unset):
            dynamic_variables = self.dynamic_variables.to_dict()

        memory: dict[str, Any] | None | Unset
        if isinstance(self.memory, Unset):
            memory = UNSET
        elif isinstance(self.memory, Memory):
            memory = self.memory.to_dict()
        else:
            memory = self.memory

        demo_llm_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.demo_llm_config, Unset):
            demo_llm_config = self.demo_llm_config.to_dict()

        video_quality: str | Unset = UNSET
        if not isinstance(self.video_quality, Unset):
            video_quality = self.video_quality

        video_encoding: str | Unset = UNSET
        if not isinstance(self.video_encoding, Unset):
            video_encoding = self.video_encoding

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mode": mode,
                "avatar_id": avatar_id,
            }
        )
        if is_sandbox is not UNSET:
            field_dict["is_sandbox"] = is_sandbox
        if video_settings is not UNSET:
            field_dict["video_settings"] = video_settings
        if max_session_duration is not UNSET:
            field_dict["max_session_duration"] = max_session_duration
        if avatar_persona is not UNSET:
            field_dict["avatar_persona"] = avatar_persona
        if voice_agent is not UNSET:
            field_dict["voice_agent"] = voice_agent
        if interactivity_type is not UNSET:
            field_dict["interactivity_type"] = interactivity_type
        if llm_configuration_id is not UNSET:
            field_dict["llm_configuration_id"] = llm_configuration_id
        if dynamic_variables is not UNSET:
            field_dict["dynamic_variables"] = dynamic_variables
        if memory is not UNSET:
            field_dict["memory"] = memory
        if demo_llm_config is not UNSET:
            field_dict["demo_llm_config"] = demo_llm_config
        if video_quality is not UNSET:
            field_dict["video_quality"] = video_quality
        if video_encoding is not UNSET:
            field_dict["video_encoding"] = video_encoding

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.avatar_persona import AvatarPersona
        from ..models.demo_llm_config import DemoLlmConfig
        from ..models.dynamic_variables import DynamicVariables
        from ..models.memory import Memory
        from ..models.video_settings import VideoSettings
        from ..models.voice_agent import VoiceAgent

        d = dict(src_dict)
        mode = cast(Literal["FULL"], d.pop("mode"))
        if mode != "FULL":
            raise ValueError(f"mode must match const 'FULL', got '{mode}'")

        avatar_id = UUID(d.pop("avatar_id"))

        is_sandbox = d.pop("is_sandbox", UNSET)

        def _parse_video_settings(data: object) -> None | Unset | VideoSettings:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                video_settings_type_0 = VideoSettings.from_dict(data)

                return video_settings_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | VideoSettings, data)

        video_settings = _parse_video_settings(d.pop("video_settings", UNSET))

        max_session_duration = d.pop("max_session_duration", UNSET)

        _avatar_persona = d.pop("avatar_persona", UNSET)
        avatar_persona: AvatarPersona | Unset
        if isinstance(_avatar_persona, Unset):
            avatar_persona = UNSET
        else:
            avatar_persona = AvatarPersona.from_dict(_avatar_persona)

        _voice_agent = d.pop("voice_agent", UNSET)
        voice_agent: VoiceAgent | Unset
        if isinstance(_voice_agent, Unset):
            voice_agent = UNSET
        else:
            voice_agent = VoiceAgent.from_dict(_voice_agent)

        _interactivity_type = d.pop("interactivity_type", UNSET)
        interactivity_type: FullTokenRequestInteractivityType | Unset
        if isinstance(_interactivity_type, Unset):
            interactivity_type = UNSET
        else:
            interactivity_type = check_full_token_request_interactivity_type(
                _interactivity_type
            )

        _llm_configuration_id = d.pop("llm_configuration_id", UNSET)
        llm_configuration_id: UUID | Unset
        if isinstance(_llm_configuration_id, Unset):
            llm_configuration_id = UNSET
        else:
            llm_configuration_id = UUID(_llm_configuration_id)

        _dynamic_variables = d.pop("dynamic_variables", UNSET)
        dynamic_variables: DynamicVariables | Unset
        if isinstance(_dynamic_variables, Unset):
            dynamic_variables = UNSET
        else:
            dynamic_variables = DynamicVariables.from_dict(_dynamic_variables)

        def _parse_memory(data: object) -> Memory | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                memory_type_0 = Memory.from_dict(data)

                return memory_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Memory | None | Unset, data)

        memory = _parse_memory(d.pop("memory", UNSET))

        _demo_llm_config = d.pop("demo_llm_config", UNSET)
        demo_llm_config: DemoLlmConfig | Unset
        if isinstance(_demo_llm_config, Unset):
            demo_llm_config = UNSET
        else:
            demo_llm_config = DemoLlmConfig.from_dict(_demo_llm_config)

        _video_quality = d.pop("video_quality", UNSET)
        video_quality: FullTokenRequestVideoQuality | Unset
        if isinstance(_video_quality, Unset):
            video_quality = UNSET
        else:
            video_quality = check_full_token_request_video_quality(_video_quality)

        _video_encoding = d.pop("video_encoding", UNSET)
        video_encoding: FullTokenRequestVideoEncoding | Unset
        if isinstance(_video_encoding, Unset):
            video_encoding = UNSET
        else:
            video_encoding = check_full_token_request_video_encoding(_video_encoding)

        full_token_request = cls(
            mode=mode,
            avatar_id=avatar_id,
            is_sandbox=is_sandbox,
            video_settings=video_settings,
            max_session_duration=max_session_duration,
            avatar_persona=avatar_persona,
            voice_agent=voice_agent,
            interactivity_type=interactivity_type,
            llm_configuration_id=llm_configuration_id,
            dynamic_variables=dynamic_variables,
            memory=memory,
            demo_llm_config=demo_llm_config,
            video_quality=video_quality,
            video_encoding=video_encoding,
        )

        full_token_request.additional_properties = d
        return full_token_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
