"""MLflow error codes and the exception the handlers raise."""

INVALID_PARAMETER_VALUE = "INVALID_PARAMETER_VALUE"
RESOURCE_DOES_NOT_EXIST = "RESOURCE_DOES_NOT_EXIST"
RESOURCE_ALREADY_EXISTS = "RESOURCE_ALREADY_EXISTS"
INTERNAL_ERROR = "INTERNAL_ERROR"
PERMISSION_DENIED = "PERMISSION_DENIED"
INVALID_STATE = "INVALID_STATE"
BAD_REQUEST = "BAD_REQUEST"

HTTP_STATUS = {
    INVALID_PARAMETER_VALUE: 400,
    RESOURCE_DOES_NOT_EXIST: 404,
    RESOURCE_ALREADY_EXISTS: 400,
    INTERNAL_ERROR: 500,
    PERMISSION_DENIED: 403,
    INVALID_STATE: 500,
    BAD_REQUEST: 400,
}


class ApiError(Exception):
    def __init__(self, error_code, message, status=None):
        super().__init__(message)
        self.error_code = error_code
        self.message = message
        self.status = status or HTTP_STATUS.get(error_code, 500)

    def to_json(self):
        return {"error_code": self.error_code, "message": self.message}


def invalid(message):
    return ApiError(INVALID_PARAMETER_VALUE, message)
