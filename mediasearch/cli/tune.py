"""`mediasearch tune`: an interactive console to try calibrations on real queries, then save one.

The tuned formula is score = sigmoid(temp * cos + bias). With bias 0 it is
exactly the original `calibrate_siglip_score(cos, temp)`, saved as the fixed-temperature
method; with a bias it is saved as a Platt profile. Works with piped input
(`printf 'recommend\\nquit\\n' | mediasearch tune`) and, at a terminal, with
readline editing and history.
"""

from __future__ import annotations

import cmd
import contextlib
import math
import os
import sys
from pathlib import Path
from typing import IO

import grpc
import numpy as np
from google.protobuf import field_mask_pb2

from mediasearch.cli.scoring import recommend
from mediasearch.names import calibration_name, collection_name
from mediasearch.scores import sigmoid
from mediasearch.search.v1 import search_pb2, search_pb2_grpc

PROBE_QUERIES = ("dog", "car", "person", "food", "tree", "building", "beach", "cat")
POOL = 200


class TuneConsole(cmd.Cmd):
    intro = "mediasearch tuning console: type help for commands, quit to leave."
    prompt = "tune> "

    def __init__(
        self,
        stub: search_pb2_grpc.SearchServiceStub,
        collection: str,
        stdin: IO[str] | None = None,
        stdout: IO[str] | None = None,
    ) -> None:
        super().__init__(stdin=stdin, stdout=stdout)
        self.use_rawinput = (stdin or sys.stdin).isatty()
        self.stub, self.collection = stub, collection
        profile = self._current_profile()
        self.temp, self.bias, self.threshold = profile.slope, profile.intercept, 0.5
        self.saved = (self.temp, self.bias)  # what the service holds: leaving with anything else asks first
        self.quit_warned = False
        self.last_cosines: list[np.ndarray] = []

    def get_names(self) -> list[str]:
        # EOF is how Ctrl-D reaches cmd, not a command to list ("Undocumented commands: EOF").
        return [name for name in super().get_names() if name != "do_EOF"]

    def precmd(self, line: str) -> str:
        if not self.use_rawinput:
            self.stdout.write("\n")  # piped input is not echoed: end the prompt's line before the answer
        return line

    # -- helpers ---------------------------------------------------------------
    def say(self, text: str) -> None:
        self.stdout.write(text + "\n")

    def _current_profile(self) -> search_pb2.Calibration:
        request = search_pb2.GetCalibrationRequest(name=calibration_name(self.collection))
        return self.stub.GetCalibration(request).calibration

    def _cosines(self, text: str) -> tuple[np.ndarray, list[search_pb2.SearchResult]]:
        request = search_pb2.SearchRequest(
            parent=collection_name(self.collection), terms=[search_pb2.QueryTerm(text=text)], page_size=POOL
        )
        results = list(self.stub.Search(request).results)
        return np.array([r.raw_cosine for r in results], dtype=np.float64), results

    def _score(self, cosines: np.ndarray) -> np.ndarray:
        return np.asarray(sigmoid(self.temp * cosines + self.bias))

    def _number(self, arg: str, name: str, low: float, high: float) -> float | None:
        try:
            value = float(arg)
        except ValueError:
            self.say(f"{name} needs a number, e.g. `{name} {low + (high - low) / 4:g}`")
            return None
        if not low <= value <= high:
            self.say(f"{name} must be within [{low:g}, {high:g}]")
            return None
        return value

    def onecmd(self, line: str) -> bool:
        try:
            return super().onecmd(line)
        except grpc.RpcError as error:
            self.say(f"error: {error.code().name}: {error.details()}")
            return False

    def emptyline(self) -> bool:
        return False

    def default(self, line: str) -> None:
        self.say(f"unknown command: {line.split()[0]!r}; type help")

    # -- commands ------------------------------------------------------------
    def do_show(self, _arg: str) -> None:
        """show: the formula being tuned and the threshold."""
        half = -self.bias / self.temp
        self.say(
            f"score = sigmoid({self.temp:.3f} * cos {self.bias:+.3f}); 0.5 at cos {half:+.4f}; "
            f"threshold {self.threshold:.2f}"
        )

    def do_query(self, arg: str) -> None:
        """query TEXT: search and show raw cosines with scores under the tuned formula."""
        if not arg.strip():
            self.say("query needs text, e.g. `query dog on a beach`")
            return
        cosines, results = self._cosines(arg.strip())
        self.last_cosines = [cosines] if cosines.size else []
        scores = self._score(cosines)
        passing = int((scores >= self.threshold).sum())
        for rank, (result, score) in enumerate(zip(results[:10], scores[:10], strict=True), start=1):
            mark = "*" if score >= self.threshold else " "
            self.say(
                f"{mark}{rank:3d}  score {score:.3f}  cos {result.raw_cosine:+.4f}  {result.item.metadata.uri or result.item.id}"
            )
        self.say(f"{passing} of {len(results)} candidates pass threshold {self.threshold:.2f}")

    def _set(self, name: str, arg: str, low: float, high: float) -> None:
        """Set the attribute `name` from the argument when it is a number in range, then show the effect."""
        value = self._number(arg, name, low, high)
        if value is not None:
            setattr(self, name, value)
            self.do_show("")

    def do_temp(self, arg: str) -> None:
        """temp T: the multiplier of the cosine (the original fixed temperature), 0.1 to 1000."""
        self._set("temp", arg, 0.1, 1000.0)

    def do_bias(self, arg: str) -> None:
        """bias B: added after the multiplier; 0 gives the original fixed-temperature formula exactly."""
        self._set("bias", arg, -1000.0, 1000.0)

    def do_threshold(self, arg: str) -> None:
        """threshold P: the calibrated score results must reach, 0 to 1."""
        self._set("threshold", arg, 0.0, 1.0)

    def do_recommend(self, _arg: str) -> None:
        """recommend: temperature (and bias) from the last query, or from probe queries if none ran yet."""
        samples = self.last_cosines
        if not samples:
            samples = [c for c in (self._cosines(q)[0] for q in PROBE_QUERIES) if c.size >= 2]
            source = f"probe queries {', '.join(PROBE_QUERIES)}"
        else:
            source = "the last query"
        if not samples or all(c.size < 2 for c in samples):
            self.say("the collection has too few items to recommend anything; index some images first")
            return
        recs = [recommend(c) for c in samples if c.size >= 2]
        temps = [r.temperature for r in recs if r.temperature is not None]
        slope = float(np.mean([r.slope for r in recs]))
        bias = float(np.mean([r.bias for r in recs]))
        self.say(f"from {source}:")
        self.say(f"  rule: {recs[0].rule}")
        two_point_helps = math.isfinite(slope) and slope > 0 and math.isfinite(bias)
        if temps:
            self.say(f"  fixed-temperature form: temp {float(np.mean(temps)):.2f} (bias 0)")
        if two_point_helps:
            lead = "  two-point form" if temps else "  only a bias can help here; two-point form"
            self.say(f"{lead}: temp {slope:.2f}, bias {bias:+.2f}")
        if not temps and not two_point_helps:
            self.say("  nothing to recommend: the best match does not stand out from the rest")
            return
        self.say("apply with `temp ...` and `bias ...`, then `save`")

    def do_save(self, _arg: str) -> None:
        """save: store the tuned formula as the collection's calibration profile."""
        name = calibration_name(self.collection)
        if self.bias == 0.0:
            wanted = search_pb2.Calibration(
                name=name, method=search_pb2.CALIBRATION_METHOD_FIXED_TEMPERATURE, temperature=self.temp
            )
            paths = ["method", "temperature"]
        else:
            wanted = search_pb2.Calibration(
                name=name, method=search_pb2.CALIBRATION_METHOD_PLATT, slope=self.temp, intercept=self.bias
            )
            paths = ["method", "slope", "intercept"]
        request = search_pb2.UpdateCalibrationRequest(
            calibration=wanted, update_mask=field_mask_pb2.FieldMask(paths=paths)
        )
        stored = self.stub.UpdateCalibration(request).calibration
        self.saved = (self.temp, self.bias)
        self.say(f"saved for collection {self.collection!r}: sigmoid({stored.slope:.3f} * cos {stored.intercept:+.3f})")

    def _unsaved(self) -> bool:
        return (self.temp, self.bias) != self.saved

    def do_quit(self, _arg: str) -> bool:
        """quit: leave the console (asks once when the tuned formula is not saved)."""
        if self._unsaved() and not self.quit_warned:
            self.quit_warned = True
            self.say(
                f"unsaved: temp {self.temp:.3f}, bias {self.bias:+.3f} differ from the collection's profile; "
                "`save` keeps them, `quit` again leaves without saving"
            )
            return False
        return True

    do_exit = do_quit

    def do_EOF(self, _arg: str) -> bool:  # noqa: N802 - cmd's name for end of input
        self.say("")
        if self._unsaved():
            self.say(f"warning: left without saving temp {self.temp:.3f}, bias {self.bias:+.3f} (input ended)")
        return True


def history_file() -> Path:
    state = Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state"))
    return state / "mediasearch" / "tune_history"


def run_console(console: TuneConsole) -> None:
    """Run with readline history at a terminal; plain line reading when piped."""
    if not console.use_rawinput:
        console.cmdloop()
        return
    import readline

    path = history_file()
    with contextlib.suppress(OSError):  # no history yet, or not readable: start without
        readline.read_history_file(path)
    try:
        console.cmdloop()
    finally:
        path.parent.mkdir(parents=True, exist_ok=True)
        readline.write_history_file(path)
