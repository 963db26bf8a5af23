"""The `crm` command: a click group whose subcommands load only when called, so start-up stays fast.

A command's file is its name: `crm/cli/<command>.py` defines the click command or group of that
name (`import_.py` for `crm import`, a Python keyword). The list of commands is the list of those
files, so adding one is adding a file.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click

from crm import __version__

HELPERS = frozenset({"common", "output"})  # shared by the commands, not commands themselves


def command_names() -> dict[str, str]:
    """Every command's name and the module that defines it (found on disk, nothing imported)."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name not in HELPERS and not info.name.startswith("_"):
            found[info.name.rstrip("_")] = f"{__name__}.{info.name}"
    return dict(sorted(found.items()))


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when that subcommand is needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(command_names())

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = command_names().get(name)
        if module is None:
            return None
        return getattr(importlib.import_module(module), module.rsplit(".", 1)[1])

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Parse as click does, keeping the words typed (`crm undo --list` shows them)."""
        ctx.meta.setdefault("crm.argv", list(args))
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        """Run the subcommand; an expected library error becomes one `Error: ...` line and exit 1."""
        from crm.errors import CrmError
        from scrapers.errors import ScraperError

        try:
            return super().invoke(ctx)
        except (CrmError, ScraperError) as e:
            raise click.ClickException(one_line(e)) from e
        except BrokenPipeError:
            # The reader (head, less) has gone: stop quietly, as other command-line tools do. Point
            # stdout at /dev/null so the interpreter's final flush does not complain again.
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        except OSError as e:  # a file we were told to read or write: say which, in one line
            where = f": {e.filename}" if e.filename else ""
            raise click.ClickException(f"{e.strerror or one_line(e)}{where}") from e
        except Exception as e:  # a database that refuses a write (read-only, full): one line, never a traceback
            if "peewee" not in sys.modules:
                raise
            from crm.store import database_failure

            failure = database_failure(e)
            if failure is None:
                raise
            raise click.ClickException(one_line(failure)) from e


def one_line(error: BaseException) -> str:
    """The first line of an error's message, never empty."""
    from crm.text import visible  # an error may quote stored text (an ambiguous name): never raw on a terminal

    text = str(error).strip()
    return visible(text.splitlines()[0]) if text else type(error).__name__


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_url", envvar="CRM_DATABASE_URL", metavar="URL",
              help="Database URL: sqlite:////ABSOLUTE/PATH (four slashes), sqlite:///RELATIVE/PATH or "
                   "postgresql://... [env: CRM_DATABASE_URL; "
                   "default: crm.sqlite3 in the data directory, CRM_HOME overrides it]")
@click.version_option(__version__, prog_name="crm")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None) -> None:
    """Find the hiring manager behind a job posting and keep your follow-up history.

    \b
    Example:
      crm lookup https://jobs.lever.co/acme/1234 --save
      crm due
    """
    ctx.obj = {"db_url": db_url}


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="crm")
