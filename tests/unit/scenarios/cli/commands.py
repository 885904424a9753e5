"""The `bcf` scenario commands as their own `register` builds them, for the CLI modules' unit tests."""

from __future__ import annotations

import argparse
import json


def parser_for(register) -> argparse.ArgumentParser:
    """A `bcf`-like parser holding only the command(s) that ``register`` adds."""
    parser = argparse.ArgumentParser(prog="bcf")
    register(parser.add_subparsers(dest="command", required=True))
    return parser


def call(register, argv: list[str], capsys) -> tuple[int, str]:
    """Parse ``argv`` with the command's own parser, call its function; the exit status and what it printed."""
    args = parser_for(register).parse_args(argv)
    status = args.func(args)
    return status, capsys.readouterr().out


def call_json(register, argv: list[str], capsys) -> tuple[int, object]:
    """As :func:`call`, with the printed text read as the one JSON value it must be."""
    status, out = call(register, argv, capsys)
    return status, json.loads(out)
