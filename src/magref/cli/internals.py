"""Every use of typer's (and its click's) internals, in one place: magref's command group,
which turns every error into one line on stderr and an exit code; the help of a command that
names the catalogue's topics; and shell completion. The rest of magref uses typer's public API.

typer 0.26 and later bundle click as typer._click (no separate click package, whose versions
would otherwise vary under typer), so click's classes come from there, never from `import
click`. pyproject's lower bound is that release, and .ci/run smoke-tests the CLI with it."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError, NoSuchOption, UsageError
from typer.core import TyperCommand, TyperGroup

from magref import output
from magref.errors import MagrefError
from magref.errors import UsageError as MagrefUsageError
from magref.text import one_line

# The longest argument magref reads (a path may be up to 4,096 bytes on Linux).
MAX_ARGUMENT = 4096


class MagrefGroup(TyperGroup):
    """magref's command group, where every error is handled: a usage error is one line on
    stderr (exit 2), magref's own errors one or more lines (exit 1, or 2 for usage), a closed
    pipe (`magref export | head -1`) ends quietly, and nothing a user types ends in a
    traceback."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        # Bytes that are not UTF-8 reach Python as lone surrogates, which cannot be printed or
        # put in JSON: every argument is made valid text (U+FFFD for such bytes) on the way in.
        args = [_valid_text(a) for a in (sys.argv[1:] if args is None else args)]
        too_long = next((a for a in args if len(a) > MAX_ARGUMENT), None)
        if "_MAGREF_COMPLETE" in os.environ:  # a shell asks for completions (magref completion)
            importlib.import_module("typer.completion").completion_init()
            try:
                return super().main(args, prog_name, complete_var, False, windows_expand_args)
            except Exception:  # noqa: BLE001 - malformed completion input: no suggestions, quietly
                sys.exit(0)
        try:
            if too_long is not None:  # bounded before any parser or expression sees it
                raise MagrefUsageError(
                    f"an argument is {len(too_long):,} characters long; the most magref reads is "
                    f"{MAX_ARGUMENT:,}"
                )
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
            if code == 130:  # typer turns Ctrl-C into a silent exit 130; no command returns it
                output.interrupted()
        except MagrefError as exc:
            code = output.report(exc)
        except NoArgsIsHelpError as exc:  # a UsageError: caught first
            typer.echo(exc.format_message(), err=True)  # the help, as no_args_is_help asks
            code = 2
        except ClickException as exc:  # every error click reports: usage, bad values, files
            command = getattr(getattr(exc, "ctx", None), "command_path", "magref")
            message = one_line(exc.format_message()).replace("Value error, ", "")
            hint = f" (see '{command} --help')" if isinstance(exc, UsageError) else ""
            given = exc.option_name if isinstance(exc, NoSuchOption) else ""
            if given in {opt for param in self.params for opt in param.opts}:
                where = command.split(" ", 1)[-1]
                hint = f"; {given} goes before the command: magref {given} ... {where} ..."
            output.error(f"{message}{hint}")
            code = exc.exit_code
        except typer.Abort:  # Ctrl-C, which click turns into Abort
            output.interrupted()
            code = 130
        except BrokenPipeError:
            output.quiet_closed_pipe()
            code = 0
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Each command with the whole first sentence of its help (click cuts it short)."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1000)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def exit_codes(fail_on_warning: bool) -> str:
    """The exit-code line of a command's help: 3 only where --fail-on-warning can raise it."""
    codes = "Exit codes: 0 ok, 1 data or lookup error, 2 usage error"
    return codes + (", 3 warnings raised under --fail-on-warning." if fail_on_warning else ".")


class MagrefCommand(TyperCommand):
    """A command whose help ends with the exit codes it can return."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.epilog = exit_codes(any(p.name == "fail_on_warning" for p in self.params))


def command_help(ctx: Any, name: str | None) -> str:
    """The help of one command (`magref help show`), or of magref itself without a name."""
    import difflib

    group_ctx = ctx.parent
    group = group_ctx.command
    if not name:
        return str(group.get_help(group_ctx))
    command = group.get_command(group_ctx, name)
    if command is None:
        names = group.list_commands(group_ctx)
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; commands: {', '.join(names)}"
        raise MagrefUsageError(f"no command {name!r}{hint}")
    with command.make_context(name, [], parent=group_ctx, resilient_parsing=True) as sub:
        return str(command.get_help(sub))


def _valid_text(arg: str) -> str:
    return arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


class DataHelpCommand(MagrefCommand):
    """A command whose help text has a `{uses}` placeholder, filled with the ids of the topics
    in the catalogue (user files included) when the help is shown."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from magref import completion

        template = self.help or ""
        topics = [topic_id for topic_id, _ in completion.uses(ctx, "")]
        self.help = template.replace("{uses}", ", ".join(topics) or "see magref list")
        try:
            super().format_help(ctx, formatter)
        finally:
            self.help = template


def completion_script(shell: str) -> str:
    """The completion script for a shell, as typer writes it for magref."""
    typer_completion = importlib.import_module("typer.completion")  # typed loosely upstream
    script: str = typer_completion.get_completion_script(
        prog_name="magref", complete_var="_MAGREF_COMPLETE", shell=shell
    )
    return script
