# SPDX-License-Identifier: MIT
"""Every code block of README.md, bindings/python/README.md and docs/*.md
is run or checked, so the docs cannot drift from the code (issue 22, "docs
that run").

- ```python: run in a fresh interpreter with the built library, in an
  empty temporary directory.
- ```c: a block with ``main`` is compiled, linked and run; any other block
  is a fragment, compiled with the public headers inside a wrapper: its
  leading ``#include`` lines and ``static`` definitions at file scope, the
  rest as the body of a function.  -Werror with the project's warnings
  (unused names excepted: a fragment leaves things unused).
- ```sh: ``bash -n``, and the programs, scripts, repository paths and apt
  packages it names must exist.  Blocks marked ``<!-- run -->`` (safe ones:
  no install, no build, no daemon) are also run with ``bash -e`` in a
  temporary directory that links the repository's top-level directories
  (``build`` is the build being tested), the build's programs first on
  PATH.  Running is opt-in: most shell blocks install, build for minutes
  or start a service.
- ```json: tests/docs/test_json_blocks.py (configurations load, event
  lines parse).
- Blocks without a language are program output, usage synopses and
  diagrams: counted, not run.

Markers: HTML comments just before a block (only blank lines or other
comments between) change how it is handled.

- ``<!-- setup: CODE -->``: hidden code run first (Python, sh) or put at
  file scope before the block (C: declarations of what the fragment uses).
- ``<!-- norun: REASON -->`` (Python, C): not run, only compiled.  Their
  number is capped (MAX_NORUN) and listed by test_inventory.
- ``<!-- run -->`` (sh): run the block (above).
- ``<!-- synopsis: REASON -->`` (sh): usage lines with placeholders
  (``N``, ``a|b``): ``bash -n`` and the first program of each line must
  exist.  Counted with the norun blocks.
- ``<!-- file: NAME -->`` before any block: its text is written to NAME in
  the directory where the sh blocks of that document run.

"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("ACDROUTE_BUILD_DIR") or ROOT / "build").resolve()
SKIP_DOCS: set = set()
#: norun blocks allowed; raise it only with a reason in the marker
MAX_NORUN = 10
LANGS = {"python": "python", "c": "c", "sh": "sh", "json": "json", "": "text"}
TIMEOUT = 300


@dataclass
class Block:
    doc: str
    line: int
    lang: str
    code: str
    setup: str = ""
    norun: Optional[str] = None
    file: Optional[str] = None
    run: bool = False
    synopsis: Optional[str] = None

    @property
    def name(self) -> str:
        return f"{self.doc}:{self.line}"


MARKER = re.compile(r"<!--\s*(setup|norun|file|run|synopsis)(?::(.*?))?\s*-->", re.S)
COMMENT = re.compile(r"<!--.*?-->", re.S)


def parse(path: Path, doc: str) -> List[Block]:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    out: List[Block] = []
    pending: Dict[str, str] = {}
    i = 0
    while i < len(lines):
        ln = lines[i]
        stripped = ln.strip()
        if stripped.startswith("```"):
            indent = len(ln) - len(ln.lstrip())
            lang = stripped[3:].strip().split(" ")[0]
            start = i + 1
            j = start
            while j < len(lines) and not lines[j].strip().startswith("```"):
                j += 1
            # a fence indented in a list: its lines carry the indentation
            body = "\n".join(x[indent:] if not x[:indent].strip() else x
                             for x in lines[start:j]) + "\n"
            out.append(Block(doc, i + 1, lang, body, pending.get("setup", ""),
                             pending.get("norun"), pending.get("file"), "run" in pending,
                             pending.get("synopsis")))
            pending = {}
            i = j + 1
            continue
        if stripped.startswith("<!--"):
            # a comment, possibly over several lines
            j = i
            while "-->" not in lines[j]:
                j += 1
            chunk = "\n".join(lines[i:j + 1])
            for m in MARKER.finditer(chunk):
                val = m.group(2) or ""
                pending[m.group(1)] = val.strip() if m.group(1) != "setup" else \
                    val.strip("\n ") + "\n"
            if COMMENT.sub("", chunk).strip():
                pending = {}  # text after the comment on its line
            i = j + 1
            continue
        if stripped:
            pending = {}  # markers bind to the very next block
        i += 1
    return out


def all_blocks() -> List[Block]:
    docs = ([ROOT / "README.md", ROOT / "bindings" / "python" / "README.md"]
            + sorted((ROOT / "docs").glob("*.md")))
    out: List[Block] = []
    for p in docs:
        if p.name in SKIP_DOCS:
            continue
        out.extend(parse(p, str(p.relative_to(ROOT))))
    return out


BLOCKS = all_blocks()


def of(lang: str) -> List[Block]:
    return [b for b in BLOCKS if LANGS.get(b.lang) == lang]


def ids(b: Block) -> str:
    return b.name


#: the build's program directories (build/examples, build/tools/acdroute-server...)
PROGRAM_DIRS = sorted({str(p.parent) for pat in ("*/acdroute-*", "*/*/acdroute-*")
                       for p in BUILD.glob(pat) if p.is_file() and os.access(p, os.X_OK)})


def env(cwd: Optional[Path] = None) -> Dict[str, str]:
    e = dict(os.environ)
    if cwd is not None:
        e["MYPY_CACHE_DIR"] = str(cwd / ".mypy_cache")  # not in the tree
    lib = e.get("ACDROUTE_LIBRARY") or str(BUILD / "libacdroute.so")
    e["ACDROUTE_LIBRARY"] = lib
    e["PYTHONPATH"] = str(ROOT / "bindings" / "python")
    e["PYTHONDONTWRITEBYTECODE"] = "1"
    e["PYTEST_ADDOPTS"] = "-p no:cacheprovider"  # no .pytest_cache in the tree
    progs = PROGRAM_DIRS
    e["PATH"] = ":".join(progs + [e.get("PATH", "/usr/bin:/bin"), "/usr/sbin", "/sbin"])
    return e


def run(cmd: List[str], cwd: Path, what: str, stdin: Optional[str] = None) -> None:
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env(cwd), input=stdin, capture_output=True,
                           text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{what}: timed out after {TIMEOUT} s")
    if p.returncode != 0:
        pytest.fail(f"{what}: exit status {p.returncode}\n--- stdout\n{p.stdout[-4000:]}"
                    f"\n--- stderr\n{p.stderr[-4000:]}")


# -- inventory ---------------------------------------------------------------

def test_inventory() -> None:
    counts: Dict[str, int] = {}
    for b in BLOCKS:
        assert b.lang in LANGS, (
            f"{b.name}: block language {b.lang!r} is not checked by this test "
            f"(use one of {sorted(k for k in LANGS if k)} or none for output)")
        counts[LANGS[b.lang]] = counts.get(LANGS[b.lang], 0) + 1
    norun = [f"{b.name} ({b.lang}): {b.norun}" for b in BLOCKS if b.norun is not None]
    norun += [f"{b.name} (sh synopsis): {b.synopsis}" for b in BLOCKS
              if b.synopsis is not None]
    print("doc blocks:", counts)
    print("norun blocks:\n  " + "\n  ".join(norun))
    # an extractor that finds nothing would make every check pass
    assert counts.get("python", 0) >= 5 and counts.get("c", 0) >= 7
    assert counts.get("sh", 0) >= 8
    for b in BLOCKS:
        assert b.norun is None or b.norun, f"{b.name}: norun needs a reason"
        assert b.synopsis is None or (b.synopsis and b.lang == "sh" and not b.run), b.name
        assert b.norun is None or b.lang in ("python", "c"), b.name
        assert not b.run or b.lang == "sh", b.name
    assert len(norun) <= MAX_NORUN, "\n".join(norun)
    sh_run = [b.name for b in of("sh") if b.run]
    print("sh blocks run:", sh_run)
    print("sh blocks checked only:", [b.name for b in of("sh") if not b.run])
    assert sh_run, "no shell block is run"


def test_markers_bind_to_the_next_block_only(tmp_path: Path) -> None:
    tmp = tmp_path / "t.md"
    tmp.write_text("<!-- norun: a reason -->\n<!-- setup: x = 1 -->\n\n```python\nprint(x)\n"
                   "```\n\n<!-- norun: lost -->\ntext\n```sh\ntrue\n```\n", encoding="utf-8")
    a, b = parse(tmp, "t.md")
    assert (a.norun, a.setup, a.code, a.line) == ("a reason", "x = 1\n", "print(x)\n", 4)
    assert (b.norun, b.setup, b.lang) == (None, "", "sh")


# -- Python --------------------------------------------------------------------

@pytest.mark.parametrize("b", of("python"), ids=ids)
def test_python_block(b: Block, tmp_path: Path) -> None:
    code = b.setup + b.code
    compile(code, b.name, "exec")
    if b.norun is not None:
        return
    run([sys.executable, "-c", code], tmp_path, b.name)


# -- C -----------------------------------------------------------------------

CC = os.environ.get("CC", "cc")
CFLAGS = ["-std=c11", "-Wall", "-Wextra", "-Wpedantic", "-Wshadow", "-Wconversion",
          "-Werror", f"-I{ROOT / 'include'}", f"-I{BUILD / 'include'}"]
FRAGMENT_FLAGS = ["-Wno-unused-variable", "-Wno-unused-but-set-variable",
                  "-Wno-unused-function", "-Wno-unused-parameter"]
PRELUDE = ("#include <acdroute/acdroute.h>\n#include <acdroute/sys/strategy.h>\n"
           "#include <stdint.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n")


def split_c(code: str) -> List[str]:
    """[file-scope head, function body]: the leading preprocessor lines
    and ``static`` definitions (through their closing brace) go to file
    scope."""
    lines = code.split("\n")
    head: List[str] = []
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        if not s or s.startswith("#"):
            head.append(lines[i])
            i += 1
            continue
        if lines[i].startswith("static "):
            depth = 0
            while i < len(lines):
                head.append(lines[i])
                depth += lines[i].count("{") - lines[i].count("}")
                end = lines[i].rstrip()
                i += 1
                if depth == 0 and (end.endswith(";") or end.endswith("}")):
                    break
            continue
        break
    return ["\n".join(head), "\n".join(lines[i:])]


def c_source(b: Block) -> str:
    if re.search(r"\bint\s+main\s*\(", b.code):
        return PRELUDE + b.setup + b.code
    head, body = split_c(b.code)
    return (PRELUDE + b.setup + head + "\nvoid acdr_doc_block(void);\n"
            "void acdr_doc_block(void) {\n" + body + "\n}\n")


@pytest.mark.parametrize("b", of("c"), ids=ids)
def test_c_block(b: Block, tmp_path: Path) -> None:
    if not shutil.which(CC):
        pytest.skip(f"no C compiler ({CC})")
    src = tmp_path / "block.c"
    src.write_text(c_source(b), encoding="utf-8")
    full = "acdr_doc_block" not in src.read_text()
    if not full:
        run([CC, *CFLAGS, *FRAGMENT_FLAGS, "-c", str(src), "-o", str(tmp_path / "b.o")],
            tmp_path, f"{b.name}: compile")
        return
    run([CC, *CFLAGS, str(src), "-o", str(tmp_path / "prog"), f"-L{BUILD}", "-lacdroute",
         f"-Wl,-rpath,{BUILD}"], tmp_path, f"{b.name}: compile")
    if b.norun is None:
        run([str(tmp_path / "prog")], tmp_path, f"{b.name}: run")


# -- shell ---------------------------------------------------------------------

REPO_DIRS = ("scripts", "examples", "bindings", "docs", "tests", "include", "debian",
             "man", "lib", "tools", "bench", "abi", "cmake")


def workspace(tmp: Path, doc: str) -> Path:
    """A directory that looks like the source tree (read-only use) with the
    tested build as ``build`` and the doc's ``file:`` blocks written in."""
    for d in REPO_DIRS:
        if (ROOT / d).exists():
            (tmp / d).symlink_to(ROOT / d)
    (tmp / "build").symlink_to(BUILD)
    for b in BLOCKS:
        if b.doc == doc and b.file:
            (tmp / b.file).write_text(b.code, encoding="utf-8")
    return tmp


def commands(code: str, first_only: bool = False) -> Iterator[List[str]]:
    """The simple commands of a block (continuations joined, comments and
    redirections dropped; ``["("]`` and ``[")"]`` around a subshell); with
    ``first_only`` the first of each line."""
    text = code.replace("\\\n", " ")
    for line in text.split("\n"):
        try:
            lex = shlex.shlex(line, posix=True, punctuation_chars=True)
            lex.whitespace_split = True
            lex.commenters = "#"
            toks = list(lex)
        except ValueError:
            continue
        cmd: List[str] = []
        skip_next = False
        for t in toks + [";"]:
            if skip_next:
                skip_next = False
                continue
            if t in ("&&", "||", ";", "|", "(", ")", "&"):
                if cmd:
                    yield cmd
                    if first_only:
                        break
                cmd = []
                if t in ("(", ")"):
                    yield [t]  # a subshell: its cd ends with it
            elif t in ("<", ">", ">>", "2>", "<<"):
                skip_next = True
            elif not cmd and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", t):
                continue  # VAR=value before the command
            else:
                cmd.append(t)


def check_targets(b: Block, ws: Path) -> None:
    """A block that is not run: its programs, scripts, repository paths and
    apt packages must exist."""
    cwd = ws
    made: List[str] = []  # directories an earlier command creates (venvs)
    stack: List[Path] = []  # directories before each subshell
    for cmd in commands(b.code, first_only=b.synopsis is not None):
        prog, args = cmd[0], cmd[1:]
        if prog == "(":
            stack.append(cwd)
            continue
        if prog == ")":
            cwd = stack.pop() if stack else cwd
            continue
        if prog == "cd":
            cwd = (cwd / args[0]) if args else ws
            assert cwd.is_dir(), f"{b.name}: cd {args[0]}: no such directory"
            continue
        if "venv" in args and args.index("venv") > 0 and args[args.index("venv") - 1] == "-m":
            made.append([a for a in args if not a.startswith("-")][-1].rstrip("/") + "/")
        top = prog.split("/")[0]
        assert (shutil.which(prog, path=env()["PATH"]) or (cwd / prog).exists()
                # a program of another build directory of the tree (build-bench/)
                or (top.startswith("build") and (BUILD / prog.split("/", 1)[-1]).exists())
                or any(prog.startswith(d) for d in made)), \
            f"{b.name}: command {prog!r} not found"
        if prog in ("bash", "sh", "python3", "/usr/bin/python3") and args \
                and not args[0].startswith("-"):
            assert (cwd / args[0]).exists(), f"{b.name}: {prog} {args[0]}: no such file"
        if prog in ("apt-get", "apt") and "install" in args:
            for pkg in args[args.index("install") + 1:]:
                if pkg.startswith("-"):
                    continue
                p = subprocess.run(["apt-cache", "show", pkg], capture_output=True)
                assert p.returncode == 0, f"{b.name}: apt package {pkg!r} unknown"
        if prog in ("cmake", "ctest"):
            for opt in ("--install", "--build", "--test-dir"):
                if opt in args[:-1]:
                    d = args[args.index(opt) + 1]
                    assert (cwd / d).is_dir(), f"{b.name}: {prog} {opt} {d}: no such directory"
        for a in args:
            if a.startswith("-") or "*" in a:
                continue
            top = a.split("/")[0]
            if "/" in a and top in REPO_DIRS:
                assert (cwd / a).exists(), f"{b.name}: {a}: no such file in the tree"


@pytest.mark.parametrize("b", of("sh"), ids=ids)
def test_sh_block(b: Block, tmp_path: Path) -> None:
    run(["bash", "-n", "-c", b.setup + b.code], tmp_path, f"{b.name}: bash -n")
    ws = workspace(tmp_path, b.doc)
    check_targets(b, ws)
    if not b.run:
        return
    run(["bash", "-e", "-o", "pipefail", "-c", b.setup + b.code], ws, b.name)
