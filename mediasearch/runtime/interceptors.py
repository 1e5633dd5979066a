"""Server interceptors, one cross-cutting concern each.

Each concern is a context manager around the handler (`guard`); the shared
base applies it to unary calls and, for server-streaming calls, around the
draining of the response generator, where the work actually happens.
Order (outermost first): metrics, logging, auth (when on; mediasearch.runtime.auth),
fair share, deadline, error mapping, so the outer ones see the final status
code that the inner ones produced, calls without credentials never take a
slot, and the fair share can key on the identity auth found.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import grpc

from mediasearch.runtime.deadline_watch import DeadlineWatch
from mediasearch.runtime.deadlines import call_deadline
from mediasearch.runtime.errors import DomainError
from mediasearch.runtime.fairness import CallerKey, FairShareLimiter
from mediasearch.runtime.metrics import RpcMetrics
from mediasearch.runtime.status import busy_status, internal_status, to_rpc_status

log = logging.getLogger("mediasearch.rpc")

# Health checks and reflection must keep answering under load: shedding them
# would make Kubernetes restart a pod for being busy.
EXEMPT_PREFIXES = ("/grpc.health.v1.", "/grpc.reflection.")

_HANDLER_KINDS = (
    ("unary_unary", grpc.unary_unary_rpc_method_handler, False),
    ("unary_stream", grpc.unary_stream_rpc_method_handler, True),
    ("stream_unary", grpc.stream_unary_rpc_method_handler, False),
    ("stream_stream", grpc.stream_stream_rpc_method_handler, True),
)


class GuardInterceptor(grpc.ServerInterceptor):
    """Base: runs every handler inside `self.guard(context, method)`."""

    exempt_health = False

    def guard(self, context: grpc.ServicerContext, method: str) -> contextlib.AbstractContextManager[Any]:
        raise NotImplementedError

    def guard_call(
        self, context: grpc.ServicerContext, method: str, request_streaming: bool
    ) -> contextlib.AbstractContextManager[Any]:
        """The guard for one call; concerns that differ for streamed requests override this."""
        return self.guard(context, method)

    def intercept_service(self, continuation: Callable[..., Any], details: grpc.HandlerCallDetails) -> Any:
        handler = continuation(details)
        if handler is None or (self.exempt_health and details.method.startswith(EXEMPT_PREFIXES)):
            return handler
        for attr, factory, streams in _HANDLER_KINDS:
            behavior = getattr(handler, attr)
            if behavior is not None:
                wrap = self._wrap_stream if streams else self._wrap_unary
                return factory(
                    wrap(behavior, details.method, attr.startswith("stream")),
                    request_deserializer=handler.request_deserializer,
                    response_serializer=handler.response_serializer,
                )
        return handler

    def _wrap_unary(self, behavior: Callable[..., Any], method: str, request_streaming: bool) -> Callable[..., Any]:
        def run(request: Any, context: grpc.ServicerContext) -> Any:
            with self.guard_call(context, method, request_streaming):
                return behavior(request, context)

        return run

    def _wrap_stream(
        self, behavior: Callable[..., Any], method: str, request_streaming: bool
    ) -> Callable[..., Iterator[Any]]:
        def run(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            with self.guard_call(context, method, request_streaming):
                yield from behavior(request, context)

        return run


def _final_code(context: grpc.ServicerContext, raised: bool) -> str:
    # set by abort(); None means the handler returned normally
    code = context.code()  # type: ignore[attr-defined]  # grpc-stubs 1.53 predates ServicerContext.code()
    if code is None:
        return "INTERNAL" if raised else "OK"
    return code.name if isinstance(code, grpc.StatusCode) else str(code)


class ErrorMappingInterceptor(GuardInterceptor):
    """DomainError -> its status; anything unexpected -> INTERNAL with a logged traceback."""

    @contextlib.contextmanager
    def guard(self, context: grpc.ServicerContext, method: str) -> Iterator[None]:
        try:
            yield
        except DomainError as error:
            context.abort_with_status(to_rpc_status(error))
        except Exception as error:
            # grpc's abort() raises a bare Exception after setting the code: let it through.
            code = context.code()  # type: ignore[attr-defined]  # as in _final_code
            if type(error) is Exception and code not in (None, grpc.StatusCode.OK):
                raise
            if not context.is_active():
                # The client cancelled or its connection died (keepalive): reading its
                # requests raised. Not a server bug; nobody is left to read a status.
                context.abort(grpc.StatusCode.CANCELLED, "the client went away")
            log.exception("unhandled error in %s", method)
            context.abort_with_status(internal_status())


class FairShareInterceptor(GuardInterceptor):
    """Bounds concurrent calls overall and per caller; beyond either bound callers get RESOURCE_EXHAUSTED at once."""

    exempt_health = True

    def __init__(self, limiter: FairShareLimiter, caller_key: CallerKey, metrics: RpcMetrics) -> None:
        self._limiter = limiter
        self._caller_key = caller_key
        self._metrics = metrics

    @contextlib.contextmanager
    def guard(self, context: grpc.ServicerContext, method: str) -> Iterator[None]:
        key = self._caller_key(context)
        refusal = self._limiter.acquire(key)
        if refusal is not None:
            self._metrics.shed.labels(method).inc()
            context.abort_with_status(busy_status(refusal.message))
        try:
            yield
        finally:
            self._limiter.release(key)


class DeadlineInterceptor(GuardInterceptor):
    """Gives every unary call a server-side deadline and makes the call's deadline visible downstream.

    A unary call's deadline is the sooner of the client's and `unary_deadline_s`
    from its start; at the deadline a call still running is answered
    DEADLINE_EXCEEDED (see `deadline_watch`), and one that returns after it gets
    that status instead of its answer. Streams (ingest runs for hours) keep only
    the client's deadline; idle streams are ended by the stream idle timeout.
    """

    exempt_health = True

    def __init__(self, unary_deadline_s: float, setting_name: str) -> None:
        self._limit_s = unary_deadline_s
        self._setting = setting_name
        self._watch = DeadlineWatch()

    def _late(self, seconds: float) -> str:
        return f"the call ran past its deadline ({seconds:.1f} s; the server allows {self._limit_s:g} s, set by {self._setting})"

    def guard(self, context: grpc.ServicerContext, method: str) -> contextlib.AbstractContextManager[Any]:
        return self.guard_call(context, method, request_streaming=False)

    @contextlib.contextmanager
    def guard_call(self, context: grpc.ServicerContext, method: str, request_streaming: bool) -> Iterator[None]:
        started = time.monotonic()
        client_left = context.time_remaining()
        # grpc reports ~infinite time left when the client set no deadline.
        client_deadline = None if client_left is None or client_left > 1e9 else started + client_left
        if request_streaming:
            deadline = client_deadline
        else:
            server_deadline = started + self._limit_s
            deadline = server_deadline if client_deadline is None else min(client_deadline, server_deadline)
        if request_streaming or deadline is None:
            with call_deadline(deadline):
                yield
            return
        # A handler still running at the deadline: the caller is answered then, not when it returns.
        watched = self._watch.watch(deadline, context, self._late(deadline - started))
        try:
            with call_deadline(deadline):
                yield
        finally:
            watched.finish()
        if time.monotonic() > deadline:
            context.abort(grpc.StatusCode.DEADLINE_EXCEEDED, self._late(time.monotonic() - started))


class LoggingInterceptor(GuardInterceptor):
    """One structured log line per finished RPC: method, status code, duration."""

    @contextlib.contextmanager
    def guard(self, context: grpc.ServicerContext, method: str) -> Iterator[None]:
        started = time.perf_counter()
        raised = True
        try:
            yield
            raised = False
        finally:
            code = _final_code(context, raised)
            quiet = code == "OK" or method.startswith(EXEMPT_PREFIXES)
            log.log(
                logging.DEBUG if quiet else logging.WARNING,
                "rpc finished",
                extra={
                    "rpc_method": method,
                    "rpc_code": code,
                    "duration_ms": round((time.perf_counter() - started) * 1e3, 3),
                },
            )


class MetricsInterceptor(GuardInterceptor):
    """Counts RPCs and observes latency per method and status code."""

    def __init__(self, metrics: RpcMetrics) -> None:
        self._metrics = metrics

    @contextlib.contextmanager
    def guard(self, context: grpc.ServicerContext, method: str) -> Iterator[None]:
        started = time.perf_counter()
        self._metrics.in_flight.inc()
        raised = True
        try:
            yield
            raised = False
        finally:
            self._metrics.in_flight.dec()
            code = _final_code(context, raised)
            self._metrics.requests.labels(method, code).inc()
            self._metrics.latency.labels(method, code).observe(time.perf_counter() - started)
