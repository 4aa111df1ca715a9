"""heygen_streaming: a thin, safe client layer over the generated HeyGen Streaming API client."""
