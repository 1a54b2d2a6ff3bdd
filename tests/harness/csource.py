"""csource.py - constants, tables and calls read from the C source, for the
tests that hold a restatement (the oracle, the grader) to what the C says.

It reads only the little C such tables are written in, and fails on anything
else instead of guessing:
  * the preprocessor: #define (object-like and function-like), #undef,
    #include "..." (followed from the repository root, as -I. does), and
    #if/#ifdef/#ifndef/#elif/#else/#endif with defined(), !, &&, ||, 0 and 1;
  * brace initializers, positional or with .field designators;
  * integer expressions: numbers, names, a->b, macro calls, casts, unary
    + - ~, and * << & | (on constants only), + and - on anything.
Expressions evaluate to a Linear: constants and the symbols the caller names
(the kernel's data address, the memory limit), so two spellings of one value
(V2P(data) and data - KERNBASE) compare equal and two values never do.
"""

import os
import re

from tests.harness.paths import ROOT


class SourceError(ValueError):
    """C that this reader does not understand, or that is not there."""


class Linear:
    """An integer constant plus integer multiples of named symbols."""

    def __init__(self, const=0, terms=None):
        self.const = const
        self.terms = {s: c for s, c in (terms or {}).items() if c}

    @classmethod
    def symbol(cls, name):
        return cls(0, {name: 1})

    @classmethod
    def of(cls, value):
        if isinstance(value, Linear):
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("not an integer: %r" % (value,))
        return cls(value)

    def is_const(self):
        return not self.terms

    def __add__(self, other):
        other = Linear.of(other)
        terms = dict(self.terms)
        for s, c in other.terms.items():
            terms[s] = terms.get(s, 0) + c
        return Linear(self.const + other.const, terms)

    __radd__ = __add__

    def __neg__(self):
        return Linear(-self.const, {s: -c for s, c in self.terms.items()})

    def __sub__(self, other):
        return self + -Linear.of(other)

    def __rsub__(self, other):
        return Linear.of(other) - self

    def __eq__(self, other):
        try:
            other = Linear.of(other)
        except TypeError:
            return NotImplemented
        return self.const == other.const and self.terms == other.terms

    def __hash__(self):
        return hash((self.const, tuple(sorted(self.terms.items()))))

    def __repr__(self):
        parts = []
        for s, c in sorted(self.terms.items()):
            parts.append(("- " if c < 0 else "+ ") + (s if abs(c) == 1 else "%d*%s" % (abs(c), s)))
        if self.const or not parts:
            parts.append(("- " if self.const < 0 else "+ ") + "0x%x" % abs(self.const))
        text = " ".join(parts)
        return text[2:] if text.startswith("+ ") else "-" + text[2:]


# ---- the preprocessor ----

def strip_comments(text):
    """text without /* */ and // comments; string and character literals kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                raise SourceError("unterminated comment")
            out.append(" " + "\n" * text.count("\n", i, j))
            i = j + 2
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _condition(expr, defined):
    """The value of an #if expression made of defined(X), !, &&, ||, 0, 1."""
    py = re.sub(r"\bdefined\s*\(\s*(\w+)\s*\)|\bdefined\s+(\w+)",
                lambda m: " True " if (m.group(1) or m.group(2)) in defined else " False ", expr)
    py = py.replace("&&", " and ").replace("||", " or ")
    py = re.sub(r"!(?!=)", " not ", py)
    if not re.fullmatch(r"[\s()]*((True|False|0|1|and|or|not)[\s()]*)*", py):
        raise SourceError("#if %s: not an expression this reader evaluates" % expr.strip())
    return bool(eval(py, {"__builtins__": {}}))  # only the words matched above remain


def active_text(text, defined=()):
    """The lines a compiler sees when the macros in defined are set: comments
    removed, continuation lines joined, lines of untaken #if branches blanked.
    Directives in taken branches stay (macros() and includes() read them)."""
    defined = set(defined)
    lines = strip_comments(text).replace("\\\n", " ").split("\n")
    out = []
    stack = []  # (enclosing branch active, this branch active, a branch was taken)
    active = True
    for line in lines:
        m = re.match(r"\s*#\s*(\w+)\s*(.*)", line)
        word, rest = (m.group(1), m.group(2).strip()) if m else (None, "")
        if word in ("if", "ifdef", "ifndef"):
            if word == "if":
                cond = active and _condition(rest, defined)
            else:
                cond = active and ((rest.split()[0] in defined) == (word == "ifdef"))
            stack.append((active, cond, cond))
            active = cond
        elif word in ("elif", "else"):
            if not stack:
                raise SourceError("#%s without #if" % word)
            outer, _, taken = stack.pop()
            cond = outer and not taken and (word == "else" or _condition(rest, defined))
            stack.append((outer, cond, taken or cond))
            active = cond
        elif word == "endif":
            if not stack:
                raise SourceError("#endif without #if")
            active = stack.pop()[0]
        elif active:
            if word == "define":
                defined.add(re.match(r"\w+", rest).group(0))
            elif word == "undef":
                defined.discard(rest.split()[0])
            out.append(line)
            continue
        out.append("")
    if stack:
        raise SourceError("#if without #endif")
    return "\n".join(out)


def includes(text):
    """The repository files an active text includes with #include "path"."""
    paths = []
    for name in re.findall(r'^\s*#\s*include\s*"([^"]+)"', text, re.M):
        path = os.path.join(ROOT, name)
        if os.path.isfile(path):
            paths.append(path)
    return paths


def macros(text):
    """{name: (parameters or None, body)} of the #defines in an active text."""
    found = {}
    for m in re.finditer(r"^\s*#\s*define\s+(\w+)(\(([^)]*)\))?(.*)$", text, re.M):
        params = None
        if m.group(2) is not None:
            params = tuple(p.strip() for p in m.group(3).split(",") if p.strip())
        found[m.group(1)] = (params, m.group(4).strip())
    return found


class Unit:
    """One C file as compiled with the macros in defined: its active text and
    every macro it sees, its own and those of the repository headers it
    includes (directly or not). Each file's #if lines see the macros in
    defined and the file's own #defines, not those of its headers."""

    def __init__(self, path, defined=()):
        self.path = path
        self.name = os.path.relpath(path, ROOT)
        self.defined = tuple(defined)
        with open(path) as f:
            self.text = active_text(f.read(), defined)
        self.macros = {}
        seen = set()

        def visit(path, text):
            if path in seen:
                return
            seen.add(path)
            for inc in includes(text):
                with open(inc) as f:
                    visit(inc, active_text(f.read(), defined))
            for name, value in macros(text).items():
                if self.macros.get(name, value) != value:
                    raise SourceError("%s: %s defined twice, differently" % (self.name, name))
                self.macros[name] = value
        visit(path, self.text)

    def evaluate(self, expr, names=None):
        """expr as a Linear; names(chain) gives the value of a name that is
        not a macro (chain: "data", "k->kernbase"), or None if it is unknown."""
        return Expression(expr, self.macros, names or (lambda chain: None)).value()


# ---- expressions ----

TOKEN = re.compile(r"\s*(?:(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|([A-Za-z_]\w*)|(->|<<|>>|&&|\|\||\S))")
TYPE_WORDS = {"const", "volatile", "unsigned", "signed", "char", "short", "int", "long", "void",
              "uint8_t", "uint16_t", "uint32_t", "uint64_t", "int8_t", "int16_t", "int32_t",
              "int64_t", "uintptr_t", "size_t"}
WIDTHS = {"uint8_t": 8, "uint16_t": 16, "uint32_t": 32, "uint64_t": 64, "uintptr_t": 32}


def tokenize(text):
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise SourceError("cannot read %r" % text[pos:])
        if m.group(1):
            digits = m.group(1)
            base = 8 if len(digits) > 1 and digits[0] == "0" and digits.isdigit() else 0
            tokens.append(("num", int(digits, base)))
        elif m.group(2):
            tokens.append(("name", m.group(2)))
        else:
            tokens.append(("op", m.group(3)))
        pos = m.end()
    return tokens


class Expression:
    """A recursive-descent reader of one C integer expression (see the module)."""

    DEPTH = 32  # macro expansions inside one another

    def __init__(self, text, macro_table, names, env=None, depth=0):
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0
        self.macros = macro_table
        self.names = names
        self.env = env or {}
        self.depth = depth
        if depth > self.DEPTH:
            raise SourceError("macros expand too deep in %r" % text)

    def value(self):
        v = self.or_expr()
        if self.pos != len(self.tokens):
            raise SourceError("unexpected %r in %r" % (self.tokens[self.pos][1], self.text))
        return v

    def peek(self, offset=0):
        i = self.pos + offset
        return self.tokens[i] if i < len(self.tokens) else (None, None)

    def take(self, op=None):
        tok = self.peek()
        if tok[0] is None or (op is not None and tok != ("op", op)):
            raise SourceError("expected %r in %r" % (op or "more", self.text))
        self.pos += 1
        return tok

    def constant(self, v, op):
        if not v.is_const():
            raise SourceError("%r applied to %r in %r: only + and - take symbols"
                              % (op, v, self.text))
        return v.const

    def binary(self, ops, operand):
        v = operand()
        while self.peek()[0] == "op" and self.peek()[1] in ops:
            op = self.take()[1]
            w = operand()
            if op == "+":
                v = v + w
            elif op == "-":
                v = v - w
            else:
                a, b = self.constant(v, op), self.constant(w, op)
                v = Linear({"|": a | b, "&": a & b, "<<": a << b, ">>": a >> b, "*": a * b}[op])
        return v

    def or_expr(self):
        return self.binary(("|",), self.and_expr)

    def and_expr(self):
        return self.binary(("&",), self.shift)

    def shift(self):
        return self.binary(("<<", ">>"), self.additive)

    def additive(self):
        return self.binary(("+", "-"), self.multiplicative)

    def multiplicative(self):
        return self.binary(("*",), self.unary)

    def unary(self):
        kind, tok = self.peek()
        if kind == "op" and tok in "+-~":
            self.take()
            v = self.unary()
            return v if tok == "+" else -v if tok == "-" else Linear(~self.constant(v, "~"))
        if kind == "op" and tok == "(" and self.peek(1)[0] == "name" and \
                self.peek(1)[1] in TYPE_WORDS:
            return self.cast()
        return self.primary()

    def cast(self):
        self.take("(")
        words = []
        while self.peek() != ("op", ")"):
            kind, tok = self.take()
            if not (kind == "name" and tok in TYPE_WORDS or tok == "*"):
                raise SourceError("not a cast to an integer type in %r" % self.text)
            words.append(tok)
        self.take(")")
        v = self.unary()
        width = WIDTHS.get(words[-1]) if words and words[-1] != "*" else None
        if width and v.is_const():
            v = Linear(v.const & ((1 << width) - 1))
        return v

    def primary(self):
        kind, tok = self.take()
        if kind == "num":
            return Linear(tok)
        if (kind, tok) == ("op", "("):
            v = self.or_expr()
            self.take(")")
            return v
        if kind != "name":
            raise SourceError("unexpected %r in %r" % (tok, self.text))
        chain = tok
        while self.peek() in (("op", "->"), ("op", ".")):
            chain += self.take()[1] + self.take()[1]
        if self.peek() == ("op", "("):
            return self.call(chain)
        return self.name(chain)

    def call(self, name):
        params, body = self.macros.get(name, (None, None))
        if params is None:
            raise SourceError("%s(...) in %r is not a function-like macro" % (name, self.text))
        self.take("(")
        args = []
        if self.peek() != ("op", ")"):
            args.append(self.or_expr())
            while self.peek() == ("op", ","):
                self.take(",")
                args.append(self.or_expr())
        self.take(")")
        if len(args) != len(params):
            raise SourceError("%s takes %d arguments, given %d" % (name, len(params), len(args)))
        return self.expand(body, dict(zip(params, args)))

    def name(self, chain):
        if chain in self.env:
            return self.env[chain]
        value = self.names(chain)
        if value is not None:
            return Linear.of(value)
        params, body = self.macros.get(chain, (None, None))
        if body is not None and params is None:
            return self.expand(body, {})
        raise SourceError("unknown name %s in %r" % (chain, self.text))

    def expand(self, body, env):
        return Expression(body, self.macros, self.names, env, self.depth + 1).value()


# ---- initializers and calls ----

def string_end(text, start):
    """The index of the quote that closes the C string or character literal
    opening at text[start] (backslash escapes skipped), or len(text)."""
    j = start + 1
    while j < len(text) and text[j] != text[start]:
        j += 2 if text[j] == "\\" else 1
    return j


def balanced(text, start, open_char, close_char):
    """The text between text[start] (open_char) and its matching close_char."""
    depth = 0
    i = start
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = string_end(text, i)
        elif c == open_char:
            depth += 1
        elif c == close_char:
            depth -= 1
            if depth == 0:
                return text[start + 1:i]
        i += 1
    raise SourceError("no %r closes the %r at offset %d" % (close_char, open_char, start))


def split_top(text, sep=","):
    """text split at sep where no (), [] or {} is open; empty trailing item dropped."""
    items, depth, cur, i = [], 0, [], 0
    while i < len(text):
        c = text[i]
        if c in "\"'":
            j = string_end(text, i)
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if c == sep and depth == 0:
            items.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    last = "".join(cur).strip()
    if last:
        items.append(last)
    return items


def struct_fields(text, tag):
    """The member names of struct tag's definition in text, in order, or None."""
    m = re.search(r"\bstruct\s+%s\s*\{" % tag, text)
    if not m:
        return None
    body = balanced(text, m.end() - 1, "{", "}")
    fields = []
    for decl in split_top(body, ";"):
        for part in split_top(decl, ","):
            name = re.search(r"(\w+)\s*(\[[^\]]*\])?\s*(:\s*\d+)?$", part)
            if not name:
                raise SourceError("struct %s: cannot read member %r" % (tag, part))
            fields.append(name.group(1))
    return fields


def array_initializer(text, name, fields):
    """The rows of `name[...] = { {...}, ... };` as dicts {field: C text}.
    Rows may be positional (fields gives the order) or use .field = designators."""
    m = re.search(r"\b%s\s*\[[^\]]*\]\s*=\s*\{" % re.escape(name), text)
    if not m:
        return None
    rows = []
    for item in split_top(balanced(text, m.end() - 1, "{", "}")):
        if not item.startswith("{"):
            raise SourceError("%s: row %r is not a brace initializer" % (name, item))
        values = {}
        for i, part in enumerate(split_top(balanced(item, 0, "{", "}"))):
            d = re.match(r"\.\s*(\w+)\s*=\s*(.*)$", part, re.S)
            if d:
                field, value = d.group(1), d.group(2).strip()
            elif i < len(fields):
                field, value = fields[i], part
            else:
                raise SourceError("%s: too many values in %r" % (name, item))
            if field not in fields or field in values:
                raise SourceError("%s: member %s unknown or given twice" % (name, field))
            values[field] = value
        rows.append(values)
    return rows


def string_list(text, name):
    """The string literals of `name[...] = {"a", "b", ...};`, or None."""
    m = re.search(r"\b%s\s*\[[^\]]*\]\s*=\s*\{" % re.escape(name), text)
    if not m:
        return None
    return [string_literal(item) for item in split_top(balanced(text, m.end() - 1, "{", "}"))]


def string_literal(text):
    m = re.fullmatch(r'\s*"((?:[^"\\]|\\.)*)"\s*', text)
    if not m:
        raise SourceError("not a string literal: %r" % text)
    return m.group(1)


def calls(text, function):
    """The argument lists (C texts) of every call of function in text; its
    definition and declarations (a type before the name) are not calls."""
    found = []
    for m in re.finditer(r"\b%s\s*\(" % re.escape(function), text):
        before = text[:m.start()].rstrip()
        word = re.search(r"(\w+|\*)$", before)
        if word and word.group(1) not in ("return", "else", "do", "case"):
            continue  # "void set_row(" or "int *set_row(": a declaration
        found.append(split_top(balanced(text, m.end() - 1, "(", ")")))
    return found
