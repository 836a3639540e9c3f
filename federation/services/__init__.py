"""Writes of the federation app: personal API tokens."""

from .api_tokens import MAX_ACTIVE_TOKENS, api_token_create, api_token_revoke

__all__ = ["MAX_ACTIVE_TOKENS", "api_token_create", "api_token_revoke"]
