"""Errors as JSON: {"error": {"code", "message", "fields"?}}, with the message translated."""

from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _


class ApiError(Exception):
    def __init__(self, status: int, code: str, message, *, fields=None, headers=None):
        super().__init__(str(message))
        self.status, self.code, self.message = status, code, message
        self.fields, self.headers = fields, headers or {}

    def response(self) -> JsonResponse:
        body = {"code": self.code, "message": str(self.message)}
        if self.fields:
            body["fields"] = {name: [str(m) for m in messages] for name, messages in self.fields}
        response = JsonResponse(
            {"error": body}, status=self.status, json_dumps_params={"ensure_ascii": False}
        )
        for name, value in self.headers.items():
            response[name] = value
        # An error is about this request only: nothing may keep it.
        response["Cache-Control"] = "no-store"
        return response


def not_found():
    return ApiError(404, "not_found", _("There is nothing at this address."))


def bad_parameter(fields, message=None):
    """A 400 naming each parameter that was not understood, with what was wrong."""
    return ApiError(
        400,
        "bad_parameter",
        message or _("A parameter was not understood; see “fields”. Nothing was read."),
        fields=fields,
    )
