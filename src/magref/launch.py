"""The console script's entry point, kept free of imports so that it is in place before
anything else runs: Ctrl-C at any moment (start-up included) exits 130 with one line and no
traceback; SIGTERM unwinds the same way, so no temporary file is left behind; standard streams
that are closed, full or not UTF-8 end in one clear line or a safe fallback, never a
traceback."""

from __future__ import annotations

import signal
import sys


class Terminated(BaseException):
    """SIGTERM, raised where the program is so that `finally` blocks (temporary files) run."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def _say(line: str) -> None:
    try:
        if sys.stderr is not None:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _streams_usable() -> bool:
    """Whether there is a standard output to write to; text that the streams' encoding cannot
    show is replaced rather than raising."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("_", "-")
        if stream is not None and encoding not in ("utf-8", "utf8"):
            try:
                stream.reconfigure(errors="replace")  # type: ignore[union-attr]
            except (AttributeError, ValueError, OSError):
                pass
    if sys.stdout is None:
        _say("magref: error: standard output is closed, so nothing can be shown")
        return False
    return True


def _finish(code: int) -> int:
    """Flush standard output now, while an error can still be reported; a reader that went
    away is quiet (exit 0 kept), a full or broken output is one line and exit 1."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        pass
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        _say(f"magref: error: cannot write to standard output: {reason}")
        code = code or 1
    else:
        return code
    sys.stdout = None  # no second flush at interpreter exit
    return code


def main() -> None:
    """Console-script entry point."""
    signal.signal(signal.SIGTERM, _terminate)
    code: int
    try:
        if not _streams_usable():
            code = 1
        else:
            from magref.cli import main as run

            run()
            code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:
        _say("magref: interrupted")
        code = 130
    except Terminated:
        _say("magref: terminated")
        code = 143
    sys.exit(_finish(code))


if __name__ == "__main__":
    main()
