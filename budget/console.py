"""The `bcf` process: the command line (`budget.cli`) run as one short-lived process.

Starting a command makes some forty thousand objects that live until the process ends: modules, classes, the
reference data and assumption library. Python's cyclic garbage collector, left alone, walks them again and again
while they are made (some 20 ms of a cold `bcf run demo --runs 1`, itself about 0.3 s on a two-core machine) and
once more as the process exits (40 to 55 ms), and finds nothing to free. So, here only (not in
`budget.cli.main`, which tests and other programs call in their own process):

* while the command's parser is built and its arguments read, collection is paused; the objects made so far are
  then frozen (`gc.freeze`: never walked again) and collection resumes, so a long command frees its garbage as
  usual;
* when the command returns, everything is frozen once more, so the interpreter's last collection walks nothing:
  the operating system frees the memory. Files are closed by the commands themselves (`with`), and exit
  handlers (`atexit`) still run.
"""

import gc


def main(argv: list[str] | None = None) -> int:
    """Run the `bcf` command line on argv (default: sys.argv) as `budget.cli.main` does, collecting as above."""
    gc.disable()
    try:
        from budget import cli

        args = cli.read_command(argv)
    finally:
        gc.freeze()
        gc.enable()
    code = args if isinstance(args, int) else cli.run_command(args)
    gc.freeze()
    return code
