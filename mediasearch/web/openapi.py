"""The OpenAPI 3.1 document of the HTTP API, written from the route table and the protos' descriptors.

Schemas follow the protobuf JSON mapping that the handlers use (json_format):
lowerCamelCase names, enums as their names, 64-bit integers as strings,
bytes as base64, Timestamp as RFC 3339, FieldMask as a comma-separated string.
"""

from __future__ import annotations

from typing import Any

from google.protobuf.descriptor import FieldDescriptor

from mediasearch.web.routes import ROUTES, ApiRoute, Body

_SCALARS: dict[int, dict[str, object]] = {
    FieldDescriptor.TYPE_DOUBLE: {"type": "number"},
    FieldDescriptor.TYPE_FLOAT: {"type": "number"},
    FieldDescriptor.TYPE_INT64: {"type": "string", "format": "int64"},
    FieldDescriptor.TYPE_UINT64: {"type": "string", "format": "uint64"},
    FieldDescriptor.TYPE_SINT64: {"type": "string", "format": "int64"},
    FieldDescriptor.TYPE_FIXED64: {"type": "string", "format": "uint64"},
    FieldDescriptor.TYPE_SFIXED64: {"type": "string", "format": "int64"},
    FieldDescriptor.TYPE_INT32: {"type": "integer", "format": "int32"},
    FieldDescriptor.TYPE_SINT32: {"type": "integer", "format": "int32"},
    FieldDescriptor.TYPE_SFIXED32: {"type": "integer", "format": "int32"},
    FieldDescriptor.TYPE_UINT32: {"type": "integer", "format": "int64", "minimum": 0},
    FieldDescriptor.TYPE_FIXED32: {"type": "integer", "format": "int64", "minimum": 0},
    FieldDescriptor.TYPE_BOOL: {"type": "boolean"},
    FieldDescriptor.TYPE_STRING: {"type": "string"},
    FieldDescriptor.TYPE_BYTES: {"type": "string", "format": "byte"},
}
_WELL_KNOWN: dict[str, dict[str, object]] = {
    "google.protobuf.Timestamp": {"type": "string", "format": "date-time"},
    "google.protobuf.FieldMask": {"type": "string", "description": "comma-separated lowerCamelCase field paths"},
}
ERROR_SCHEMA: dict[str, object] = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "integer", "description": "HTTP status"},
                "status": {"type": "string", "description": "gRPC status code name, e.g. INVALID_ARGUMENT"},
                "message": {"type": "string"},
                "summary": {"type": "string", "description": "the problem in plain words"},
                "fieldViolations": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        }
    },
}
ERROR_STATUSES = {
    "400": "Bad input (INVALID_ARGUMENT, FAILED_PRECONDITION)",
    "401": "No or unknown credentials",
    "403": "The credentials' role may not do this",
    "404": "No such collection or item",
    "413": "Body or upload too large",
    "429": "Busy (RESOURCE_EXHAUSTED)",
    "503": "The search service is unavailable",
}


class _Schemas:
    """Collects a component schema for every message reachable from the routes."""

    def __init__(self) -> None:
        self.components: dict[str, dict[str, object]] = {}

    def ref(self, descriptor: Any) -> dict[str, object]:
        if descriptor.full_name in _WELL_KNOWN:
            return dict(_WELL_KNOWN[descriptor.full_name])
        name = descriptor.full_name.replace(".", "_")
        if name not in self.components:
            self.components[name] = {}  # placeholder first: messages may refer to themselves
            self.components[name] = self._message(descriptor)
        return {"$ref": f"#/components/schemas/{name}"}

    def _message(self, descriptor: Any) -> dict[str, object]:
        return {
            "type": "object",
            "title": descriptor.name,
            "properties": {f.json_name: self.field(f) for f in descriptor.fields},
        }

    def field(self, field: Any) -> dict[str, object]:
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            value_field = field.message_type.fields_by_name["value"]
            return {"type": "object", "additionalProperties": self._single(value_field)}
        single = self._single(field)
        repeated = field.is_repeated
        return {"type": "array", "items": single} if repeated else single

    def _single(self, field: Any) -> dict[str, object]:
        if field.message_type is not None:
            return self.ref(field.message_type)
        if field.enum_type is not None:
            return _enum(field.enum_type)
        return dict(_SCALARS[field.type])


def _enum(descriptor: Any) -> dict[str, object]:
    return {"type": "string", "enum": [v.name for v in descriptor.values]}


_PATH_PARAMETERS = {
    "collection": "collection id, 1 to 64 characters of [a-z0-9_-]",
    "item": "item id, percent-encoded",
}


def _parameters(route: ApiRoute, schemas: _Schemas) -> list[dict[str, object]]:
    parameters: list[dict[str, object]] = []
    for name, description in _PATH_PARAMETERS.items():
        if "{" + name + "}" in route.path:
            parameters.append(
                {"name": name, "in": "path", "required": True, "schema": {"type": "string"}, "description": description}
            )
    if route.body == Body.QUERY:
        for field in route.request.DESCRIPTOR.fields:
            if field.message_type is None and field.name != route.path_field:
                parameters.append(
                    {"name": field.json_name, "in": "query", "required": False, "schema": schemas.field(field)}
                )
    return parameters


def _request_body(route: ApiRoute, schemas: _Schemas) -> dict[str, object] | None:
    if route.body == Body.JSON:
        return {
            "required": True,
            "content": {"application/json": {"schema": schemas.ref(route.request.DESCRIPTOR)}},
            "description": f"{route.request.DESCRIPTOR.name} in the protobuf JSON mapping; the resource name "
            "in the path fills its parent/name field",
        }
    if route.body == Body.UPLOAD:
        form = {
            "type": "object",
            "required": ["file"],
            "properties": {
                "file": {"type": "string", "format": "binary", "description": "the encoded image"},
                "itemId": {"type": "string", "description": "the item's id; defaults to the file name"},
                "tags": {"type": "string", "description": "comma-separated tags"},
                "uri": {"type": "string", "description": "where the item lives; defaults to the id"},
            },
        }
        return {"required": True, "content": {"multipart/form-data": {"schema": form}}}
    return None


def _operation(route: ApiRoute, schemas: _Schemas) -> dict[str, object]:
    if route.binary:
        ok = {
            "description": "the preview image",
            "content": {"image/webp": {"schema": {"type": "string", "format": "binary"}}},
        }
    else:
        ok = {
            "description": route.response.DESCRIPTOR.name,
            "content": {"application/json": {"schema": schemas.ref(route.response.DESCRIPTOR)}},
        }
    responses: dict[str, object] = {"200": ok}
    for status, why in ERROR_STATUSES.items():
        responses[status] = {
            "description": why,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    operation: dict[str, object] = {
        "operationId": route.rpc + ("Image" if route.binary else ""),
        "summary": route.summary,
        "description": f"Calls mediasearch.search.v1.SearchService/{route.rpc}.",
        "parameters": _parameters(route, schemas),
        "responses": responses,
    }
    if (body := _request_body(route, schemas)) is not None:
        operation["requestBody"] = body
    return operation


def openapi_document() -> dict[str, object]:
    schemas = _Schemas()
    paths: dict[str, dict[str, object]] = {}
    for route in ROUTES:
        paths.setdefault(route.path, {})[route.verb.lower()] = _operation(route, schemas)
    components = dict(sorted(schemas.components.items()))
    components["Error"] = ERROR_SCHEMA
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "mediasearch HTTP API",
            "version": "v1",
            "description": "The search service's public RPCs over HTTP/JSON (protobuf JSON mapping). "
            "Send `Authorization: Bearer TOKEN` when the service requires credentials.",
        },
        "paths": paths,
        "components": {"schemas": components, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{}, {"bearer": []}],
    }
