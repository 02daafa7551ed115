// Package cmdline parses the language users type on the qmpdash input line
// and in the shell: one line in, a position-annotated [Line] or a
// [*SyntaxError] with a column out. It knows no schema and does no I/O; a
// later step checks names and types and, with the original text kept in
// every [Value], may coerce them (device=1 to the string "1").
//
// The syntax is qmp-shell's, without its limits. A line is one of:
//
//	(blank) or # comment                       Empty
//	[!]name key=value key.sub=value ...        Command
//	getfd fdname=disk0 <fd=/path/to/file        Command passing a file
//	{"execute": "stop"}                        RawJSON, sent unchanged
//	hmp info block                             HMP (human-monitor-command)
//	[!]transaction( type k=v ; type k=v ) p=v  Transaction
//
// A leading '!' sets [Line.Force]: skip client-side validation and let
// QEMU judge. Comments take a whole line; a '#' elsewhere has no special meaning.
//
// Names (commands, action types) are made of ASCII letters, digits, '-',
// '_' and '.'; the dot is for QAPI downstream names like __com.redhat_x.
// Keys use the same characters, and a '.' nests: a.b=1 a.c=2 gives
// {"a":{"b":1,"c":2}}, keys in the order first typed. Setting a key twice,
// or using it both as a value and as an object, is an error at the second
// key. Dots inside a downstream prefix (__com.redhat_) do not nest.
//
// A token splits into key and value at its first '='; the value is read by
// its first character:
//   - ' or " starts a string with backslash escapes \" \' \\ \/ \b \f \n \r
//     \t \uXXXX (surrogate pairs joined, a lone one refused) and \xHH,
//     which is the code point U+00HH, never a raw byte.
//   - [ or { starts JSON extended with Python literals: True, False, None,
//     single-quoted strings, trailing commas, and the numbers below. Spaces
//     are allowed inside, an unquoted word is not, a key may appear once.
//   - anything else is a word that ends at the next space: true/false in
//     any letter case, null and None, a number, or else a bare string kept
//     as typed (Kind Bare), '=' and quotes included: file=/a=b.img.
//
// Numbers are decimal (42, -7), prefixed hexadecimal, octal and binary
// (0x1F, -0x10, 0o17, 0b101), C-style octal with a leading zero (017), and
// floats with a fraction or an exponent (1.5, .5, 1., -2e3). Integers must
// fit int64 or uint64. A word is a number only if all of it is, so 12ab,
// 1G, 127.0.0.1 and 52:54:00:12:34:56 stay strings. A word that can only
// have been meant as a number but is malformed is a "bad number" error
// rather than a silent string: more than one sign or a '+' (--3, +3), a
// radix prefix without valid digits (0x, 0xZZ, 0o9), an exponent without
// digits (1e, 2e+), 8 or 9 after a leading zero (09), or overflow.
// An empty value (key=) is an error; write key="" for an empty string.
//
// Raw JSON lines must be exactly one JSON object (no Python forms), since
// they are sent as typed. Every line must be valid UTF-8, and nesting, of
// brackets or of dotted keys, is limited to 1024 levels as in QEMU.
//
// A command may pass one local file with it, as getfd and add-fd expect:
// the word <fd=PATH opens PATH read-only, <>fd=PATH read-write, as a
// shell's redirections do; PATH is read like a value (quote it if it holds
// spaces). It may stand anywhere after the name, is not an argument, and
// is refused in a transaction.
//
// In a transaction, actions are separated by ';' outside quotes and
// brackets, and ')' must be a word of its own: in x=1) it is part of the value.
// With a [Parser], "transaction(" may end its line: each following line
// holds actions, until a line with ')' (at its start or after an action).
// key=value pairs after ')' become the transaction's properties. Brackets
// and quotes never span lines.
//
// [Locate] reads the same syntax leniently to tell a completer what the
// cursor is in, on half-typed lines. [FormatCommand] goes the other way:
// it writes a command and its JSON arguments as a line a user would type.
package cmdline
