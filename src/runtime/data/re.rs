//! The C BIFs of OTP's `re` module (`version/0`, `compile/1,2`, `run/2,3`, `internal_run/4`,
//! `inspect/2`) on the PCRE2 library; `split`, `replace` and the rest of `re` are Erlang code
//! that runs on top of them. OTP 25 implements these on PCRE 8.44 and, for a global match or
//! a unicode subject given as a list, traps to Erlang code in `re` (`grun/3`, `urun/3`,
//! `ucompile/2`); beamwasm has no trap, so this room does what that code does, to the same
//! results: the global loop and its rules for empty matches (`re:loopexec/8`), the captures'
//! conversions (`postprocess/5`, `ulistify/2`).
//!
//! A compiled pattern is `{re_pattern, Groups, Unicode, UseCRLF, Binary}` as in OTP, with a
//! binary of our own: `BWRE`, a format version, the compile options and the source, from
//! which any process recompiles it; compiled code is cached in the host keyed by that binary
//! (a textual pattern given to `run` is encoded and cached the same way). Compile errors are
//! PCRE2's messages and offsets, not PCRE1's texts.

use std::collections::HashMap;
use std::ptr::NonNull;
use std::sync::Arc;

use pcre2_sys::*;

use crate::abi::bifs::ReBif;
use crate::abi::term::{self, Shape, Term};
use crate::runtime::bifs::Raise;
use crate::runtime::data::{bits, unicode};
use crate::runtime::exception::Class;
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::Heap;
use crate::runtime::term::value::Value;

/// The first bytes of a compiled pattern's binary, and its format version.
const MAGIC: &[u8; 4] = b"BWRE";
const FORMAT: u8 = 1;
/// Header: magic, format, compile flags (u32, little-endian), newline, bsr.
const HEADER: usize = 4 + 1 + 4 + 1 + 1;
/// Compiled patterns kept before the cache starts over.
const CACHE_LIMIT: usize = 512;

/// Compiled code of the patterns seen, keyed by their encoded binary.
#[derive(Default)]
pub(crate) struct Cache {
    compiled: HashMap<Vec<u8>, Arc<Regex>>,
}

/// A compiled PCRE2 pattern and what the BIFs read from it.
struct Regex {
    code: NonNull<pcre2_code_8>,
    capture_count: u32,
    /// The name table in PCRE2's order (sorted by name): name and group number.
    names: Vec<(Vec<u8>, u32)>,
    dupnames: bool,
    /// Whether the newline convention includes CRLF (`any`, `crlf`, `anycrlf`).
    crlf: bool,
}

// SAFETY: PCRE2's compiled code is immutable once compiled and documented as safe to match
// from several threads at once; each match has its own match data.
unsafe impl Send for Regex {}
unsafe impl Sync for Regex {}

impl Drop for Regex {
    fn drop(&mut self) {
        // SAFETY: the code came from pcre2_compile and is freed once, here.
        unsafe { pcre2_code_free_8(self.code.as_ptr()) }
    }
}

/// Options that PCRE2 takes at compile time.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct CompileOptions {
    flags: u32,
    newline: u8,
    bsr: u8,
}

impl CompileOptions {
    fn encode(self, source: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER + source.len());
        out.extend_from_slice(MAGIC);
        out.push(FORMAT);
        out.extend_from_slice(&self.flags.to_le_bytes());
        out.push(self.newline);
        out.push(self.bsr);
        out.extend_from_slice(source);
        out
    }

    fn decode(bin: &[u8]) -> Option<(CompileOptions, &[u8])> {
        if bin.len() < HEADER || &bin[..4] != MAGIC || bin[4] != FORMAT {
            return None;
        }
        let flags = u32::from_le_bytes(bin[5..9].try_into().ok()?);
        let options = CompileOptions {
            flags,
            newline: bin[9],
            bsr: bin[10],
        };
        Some((options, &bin[HEADER..]))
    }
}

/// A parsed option list (OTP's `parse_options`).
#[derive(Default)]
struct Options {
    compile: CompileOptions,
    /// A compile-only option was given (badarg with a compiled pattern).
    compile_only: bool,
    /// A run-only option was given (badarg for `compile`).
    run_only: bool,
    unicode: bool,
    match_flags: u32,
    offset: usize,
    /// `{capture, Values, Type}` (the last one given).
    capture: Option<(Term, Option<Term>)>,
    global: bool,
    report_errors: bool,
    match_limit: Option<u32>,
    depth_limit: Option<u32>,
}

fn raise(reason: Value) -> Raise {
    Raise::Exception {
        class: Class::Error,
        reason,
    }
}

fn badarg(atoms: &mut AtomTable) -> Raise {
    raise(Value::atom(atoms.intern("badarg")))
}

fn atom(atoms: &mut AtomTable, name: &str) -> Value {
    Value::atom(atoms.intern(name))
}

fn atom_name(atoms: &AtomTable, t: Term) -> Option<String> {
    match term::shape(t) {
        Shape::Atom(i) => atoms.name(i).map(str::to_string),
        _ => None,
    }
}

/// A non-negative C `int`, as OTP's `term_to_int` reads one.
fn small_int(t: Term) -> Option<u32> {
    match term::shape(t) {
        Shape::Small(v) if (0..=i32::MAX as i64).contains(&v) => Some(v as u32),
        _ => None,
    }
}

fn parse_options(heap: Heap<'_>, atoms: &AtomTable, list: Term) -> Result<Option<Options>, Raise> {
    let Some(items) = heap.proper_list(list)? else {
        return Ok(None);
    };
    let mut o = Options::default();
    for item in items {
        if let Some(elements) = heap.tuple_elements(item)? {
            let key = elements.first().and_then(|&k| atom_name(atoms, k));
            match (key.as_deref(), elements.len()) {
                (Some("capture"), 3) => o.capture = Some((elements[1], Some(elements[2]))),
                (Some("capture"), 2) => o.capture = Some((elements[1], None)),
                (Some("offset"), 2) => match small_int(elements[1]) {
                    Some(n) => o.offset = n as usize,
                    None => return Ok(None),
                },
                (Some("match_limit"), 2) => match small_int(elements[1]) {
                    Some(n) => o.match_limit = Some(n),
                    None => return Ok(None),
                },
                (Some("match_limit_recursion"), 2) => match small_int(elements[1]) {
                    Some(n) => o.depth_limit = Some(n),
                    None => return Ok(None),
                },
                (Some("newline"), 2) => {
                    o.compile.newline = match atom_name(atoms, elements[1]).as_deref() {
                        Some("cr") => PCRE2_NEWLINE_CR,
                        Some("crlf") => PCRE2_NEWLINE_CRLF,
                        Some("lf") => PCRE2_NEWLINE_LF,
                        Some("nul") => PCRE2_NEWLINE_NUL,
                        Some("anycrlf") => PCRE2_NEWLINE_ANYCRLF,
                        Some("any") => PCRE2_NEWLINE_ANY,
                        _ => return Ok(None),
                    } as u8
                }
                _ => return Ok(None),
            }
            if key.as_deref() != Some("newline") {
                o.run_only = true;
            }
            continue;
        }
        let Some(name) = atom_name(atoms, item) else {
            return Ok(None);
        };
        let compile_flag = match name.as_str() {
            "no_start_optimize" => PCRE2_NO_START_OPTIMIZE,
            "caseless" => PCRE2_CASELESS,
            "dollar_endonly" => PCRE2_DOLLAR_ENDONLY,
            "dotall" => PCRE2_DOTALL,
            "extended" => PCRE2_EXTENDED,
            "firstline" => PCRE2_FIRSTLINE,
            "multiline" => PCRE2_MULTILINE,
            "no_auto_capture" => PCRE2_NO_AUTO_CAPTURE,
            "dupnames" => PCRE2_DUPNAMES,
            "ungreedy" => PCRE2_UNGREEDY,
            "ucp" => PCRE2_UCP,
            "never_utf" => PCRE2_NEVER_UTF,
            "unicode" => {
                o.unicode = true;
                PCRE2_UTF
            }
            _ => 0,
        };
        if compile_flag != 0 {
            o.compile.flags |= compile_flag;
            o.compile_only = true;
            continue;
        }
        let match_flag = match name.as_str() {
            "notempty" => PCRE2_NOTEMPTY,
            "notempty_atstart" => PCRE2_NOTEMPTY_ATSTART,
            "notbol" => PCRE2_NOTBOL,
            "noteol" => PCRE2_NOTEOL,
            _ => 0,
        };
        if match_flag != 0 {
            o.match_flags |= match_flag;
            o.run_only = true;
            continue;
        }
        match name.as_str() {
            // Both a compile and a match option.
            "anchored" => o.match_flags |= PCRE2_ANCHORED,
            "report_errors" => {
                o.report_errors = true;
                o.run_only = true;
            }
            "global" => {
                o.global = true;
                o.run_only = true;
            }
            "bsr_anycrlf" => o.compile.bsr = PCRE2_BSR_ANYCRLF as u8,
            "bsr_unicode" => o.compile.bsr = PCRE2_BSR_UNICODE as u8,
            _ => return Ok(None),
        }
    }
    Ok(Some(o))
}

/// Why compiling failed: PCRE2's message and the byte offset.
struct CompileError {
    message: String,
    offset: usize,
}

fn compile(options: CompileOptions, source: &[u8]) -> Result<Regex, CompileError> {
    let mut errcode: std::ffi::c_int = 0;
    let mut erroffset: usize = 0;
    // SAFETY: plain PCRE2 calls on buffers that outlive them; every object created is freed
    // here or owned by the returned `Regex`.
    unsafe {
        let context = pcre2_compile_context_create_8(std::ptr::null_mut());
        if !context.is_null() {
            pcre2_set_character_tables_8(context, latin1_tables().as_ptr());
            if options.newline != 0 {
                pcre2_set_newline_8(context, options.newline as u32);
            }
            if options.bsr != 0 {
                pcre2_set_bsr_8(context, options.bsr as u32);
            }
        }
        let code = pcre2_compile_8(
            source.as_ptr(),
            source.len(),
            options.flags,
            &mut errcode,
            &mut erroffset,
            context,
        );
        if !context.is_null() {
            pcre2_compile_context_free_8(context);
        }
        let Some(code) = NonNull::new(code) else {
            let mut buffer = [0u8; 256];
            let n = pcre2_get_error_message_8(errcode, buffer.as_mut_ptr(), buffer.len());
            let message = if n > 0 {
                String::from_utf8_lossy(&buffer[..n as usize]).into_owned()
            } else {
                format!("Unknown error ({errcode})")
            };
            return Err(CompileError {
                message,
                offset: erroffset,
            });
        };
        let info = |what: u32| {
            let mut value: u32 = 0;
            pcre2_pattern_info_8(code.as_ptr(), what, &mut value as *mut u32 as *mut _);
            value
        };
        let capture_count = info(PCRE2_INFO_CAPTURECOUNT);
        let newline = info(PCRE2_INFO_NEWLINE);
        let all_options = info(PCRE2_INFO_ALLOPTIONS);
        let name_count = info(PCRE2_INFO_NAMECOUNT) as usize;
        let entry_size = info(PCRE2_INFO_NAMEENTRYSIZE) as usize;
        let mut names = Vec::with_capacity(name_count);
        if name_count > 0 {
            let mut table: *const u8 = std::ptr::null();
            pcre2_pattern_info_8(
                code.as_ptr(),
                PCRE2_INFO_NAMETABLE,
                &mut table as *mut *const u8 as *mut _,
            );
            if !table.is_null() {
                let table = std::slice::from_raw_parts(table, name_count * entry_size);
                for entry in table.chunks(entry_size) {
                    let group = ((entry[0] as u32) << 8) | entry[1] as u32;
                    let name = &entry[2..];
                    let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
                    names.push((name[..end].to_vec(), group));
                }
            }
        }
        Ok(Regex {
            code,
            capture_count,
            names,
            dupnames: all_options & PCRE2_DUPNAMES != 0,
            crlf: matches!(
                newline,
                PCRE2_NEWLINE_ANY | PCRE2_NEWLINE_CRLF | PCRE2_NEWLINE_ANYCRLF
            ),
        })
    }
}

/// PCRE2's character tables (`pcre2_maketables`'s layout) for ISO 8859-1, as OTP's PCRE is
/// built with: which bytes are letters, digits, spaces and so on, and their case, for bytes
/// outside UTF mode and for characters below 256 in it.
fn latin1_tables() -> &'static [u8; 1088] {
    static TABLES: std::sync::OnceLock<[u8; 1088]> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let upper = |c: u8| matches!(c, b'A'..=b'Z' | 0xC0..=0xD6 | 0xD8..=0xDE);
        let lower =
            |c: u8| matches!(c, b'a'..=b'z' | 0xAA | 0xB5 | 0xBA | 0xDF..=0xF6 | 0xF8..=0xFF);
        let digit = |c: u8| c.is_ascii_digit();
        let alnum = |c: u8| upper(c) || lower(c) || digit(c);
        let space = |c: u8| matches!(c, 9..=13 | b' ');
        let graph = |c: u8| matches!(c, 33..=126 | 0xA0..=0xFF);
        let to_lower = |c: u8| if upper(c) { c + 32 } else { c };
        let to_upper = |c: u8| match c {
            b'a'..=b'z' | 0xE0..=0xF6 | 0xF8..=0xFE => c - 32,
            _ => c,
        };
        let mut t = [0u8; 1088];
        let (cbits, ctypes) = (512, 832);
        for i in 0..=255u8 {
            let n = i as usize;
            t[n] = to_lower(i);
            t[256 + n] = if lower(i) { to_upper(i) } else { to_lower(i) };
            let classes = [
                (0, space(i)),
                (32, i.is_ascii_hexdigit()),
                (64, digit(i)),
                (96, upper(i)),
                (128, lower(i)),
                (160, alnum(i) || i == b'_'),
                (192, graph(i)),
                (224, graph(i) || i == b' '),
                (256, graph(i) && !alnum(i)),
                (288, matches!(i, 0..=31 | 127..=159)),
            ];
            for (offset, member) in classes {
                if member {
                    t[cbits + offset + n / 8] |= 1 << (n % 8);
                }
            }
            t[ctypes + n] = space(i) as u8
                | ((upper(i) || lower(i)) as u8) << 1
                | (lower(i) as u8) << 2
                | (digit(i) as u8) << 3
                | ((alnum(i) || i == b'_') as u8) << 4;
        }
        t
    })
}

impl Cache {
    fn get(&mut self, key: &[u8]) -> Result<Arc<Regex>, CompileError> {
        if let Some(regex) = self.compiled.get(key) {
            return Ok(regex.clone());
        }
        let (options, source) = CompileOptions::decode(key).ok_or(CompileError {
            message: String::new(),
            offset: 0,
        })?;
        let regex = Arc::new(compile(options, source)?);
        if self.compiled.len() >= CACHE_LIMIT {
            self.compiled.clear();
        }
        self.compiled.insert(key.to_vec(), regex.clone());
        Ok(regex)
    }
}

/// The span of each group of one match (`None`: unset), as many as PCRE2 reported.
type Groups = Vec<Option<(usize, usize)>>;

enum Exec {
    Match(Groups),
    NoMatch,
    /// `match_limit` or `match_limit_recursion` was hit.
    Limit(&'static str),
    /// A bad offset or bad UTF-8 in the subject.
    Bad,
}

struct Limits {
    match_limit: Option<u32>,
    depth_limit: Option<u32>,
}

fn exec(regex: &Regex, subject: &[u8], offset: usize, flags: u32, limits: &Limits) -> Exec {
    if offset > subject.len() {
        return Exec::Bad;
    }
    // SAFETY: plain PCRE2 calls; the match data and context are freed before returning, and
    // the ovector is read within the pair count PCRE2 was given.
    unsafe {
        let data = pcre2_match_data_create_8(regex.capture_count + 1, std::ptr::null_mut());
        if data.is_null() {
            return Exec::Bad;
        }
        let context = if limits.match_limit.is_some() || limits.depth_limit.is_some() {
            let context = pcre2_match_context_create_8(std::ptr::null_mut());
            if !context.is_null() {
                if let Some(n) = limits.match_limit {
                    pcre2_set_match_limit_8(context, n);
                }
                if let Some(n) = limits.depth_limit {
                    pcre2_set_depth_limit_8(context, n);
                }
            }
            context
        } else {
            std::ptr::null_mut()
        };
        let rc = pcre2_match_8(
            regex.code.as_ptr(),
            subject.as_ptr(),
            subject.len(),
            offset,
            flags,
            data,
            context,
        );
        let result = if rc > 0 {
            let ovector = pcre2_get_ovector_pointer_8(data);
            let pairs = std::slice::from_raw_parts(ovector, 2 * rc as usize);
            Exec::Match(
                pairs
                    .chunks(2)
                    .map(|p| (p[0] != usize::MAX && p[0] <= p[1]).then_some((p[0], p[1])))
                    .collect(),
            )
        } else {
            match rc {
                PCRE2_ERROR_MATCHLIMIT => Exec::Limit("match_limit"),
                PCRE2_ERROR_DEPTHLIMIT => Exec::Limit("match_limit_recursion"),
                PCRE2_ERROR_NOMATCH | PCRE2_ERROR_HEAPLIMIT | PCRE2_ERROR_RECURSELOOP => {
                    Exec::NoMatch
                }
                // rc == 0 cannot happen (the ovector holds every group); the rest are a bad
                // offset or bad UTF-8.
                _ => Exec::Bad,
            }
        };
        if !context.is_null() {
            pcre2_match_context_free_8(context);
        }
        pcre2_match_data_free_8(data);
        result
    }
}

/// Which groups a capture specification returns.
enum Select {
    All,
    AllButFirst,
    /// Group numbers, or for a duplicated name each group of that name (the first set one
    /// is returned); `None` for no such group.
    Listed(Vec<Vec<u32>>),
    None,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ReturnType {
    Index,
    List,
    Binary,
}

impl Regex {
    /// The groups of a name: all of them with `dupnames`, else the one.
    fn groups_named(&self, name: &[u8]) -> Vec<u32> {
        let mut found = self
            .names
            .iter()
            .filter(|(n, _)| n == name)
            .map(|&(_, g)| g);
        if self.dupnames {
            found.collect()
        } else {
            found.next().into_iter().collect()
        }
    }

    /// The distinct names, in table order.
    fn distinct_names(&self) -> Vec<&[u8]> {
        let mut out: Vec<&[u8]> = Vec::new();
        for (name, _) in &self.names {
            if out.last() != Some(&name.as_slice()) {
                out.push(name);
            }
        }
        out
    }
}

/// The values of `{capture, Values, _}`; `None` if they are not a valid specification.
fn parse_select(
    heap: Heap<'_>,
    atoms: &AtomTable,
    regex: &Regex,
    values: Term,
) -> Result<Option<Select>, Raise> {
    if values == term::NIL {
        return Ok(Some(Select::None));
    }
    if let Some(name) = atom_name(atoms, values) {
        return Ok(match name.as_str() {
            "all" => Some(Select::All),
            "none" => Some(Select::None),
            "all_but_first" => Some(Select::AllButFirst),
            "first" => Some(Select::Listed(vec![vec![0]])),
            "all_names" if regex.names.is_empty() => Some(Select::None),
            "all_names" => Some(Select::Listed(
                regex
                    .distinct_names()
                    .into_iter()
                    .map(|n| regex.groups_named(n))
                    .collect(),
            )),
            _ => None,
        });
    }
    let Some(items) = heap.proper_list(values)? else {
        return Ok(None);
    };
    let mut listed = Vec::with_capacity(items.len());
    for item in items {
        if let Some(n) = small_int(item) {
            listed.push(vec![n]);
            continue;
        }
        let name = match atom_name(atoms, item) {
            Some(name) => name.into_bytes(),
            None if matches!(term::shape(item), Shape::Cons(_) | Shape::Nil)
                || bits::is_bitstring(heap, item)? =>
            {
                match bits::iodata_bytes(heap, item)? {
                    Some(bytes) => bytes,
                    None => return Ok(None),
                }
            }
            None => return Ok(None),
        };
        listed.push(regex.groups_named(&name));
    }
    Ok(Some(Select::Listed(listed)))
}

/// The type of `{capture, _, Type}` (`index` when not given), `None` if it is not one.
fn parse_type(atoms: &AtomTable, t: Option<Term>) -> Option<ReturnType> {
    let Some(t) = t else {
        return Some(ReturnType::Index);
    };
    match atom_name(atoms, t)?.as_str() {
        "index" => Some(ReturnType::Index),
        "list" => Some(ReturnType::List),
        "binary" => Some(ReturnType::Binary),
        _ => None,
    }
}

/// The groups a specification selects from one match (`None`: unset).
fn select(spec: &Select, groups: &Groups) -> Groups {
    let get = |g: u32| groups.get(g as usize).copied().flatten();
    match spec {
        Select::All => groups.clone(),
        Select::AllButFirst => groups.iter().skip(1).copied().collect(),
        Select::None => Vec::new(),
        Select::Listed(listed) => listed
            .iter()
            .map(|candidates| match candidates.as_slice() {
                [] => None,
                [one] => get(*one),
                many => many.iter().find_map(|&g| get(g)),
            })
            .collect(),
    }
}

/// UTF-8 bytes as `unicode:characters_to_list/2` gives them: a list of characters, or
/// `{error | incomplete, Converted, Rest}`.
fn characters(atoms: &mut AtomTable, bytes: &[u8]) -> Value {
    let chars = |s: &str| Value::proper_list(s.chars().map(|c| Value::small(c as i64)).collect());
    match std::str::from_utf8(bytes) {
        Ok(s) => chars(s),
        Err(e) => {
            let (good, rest) = bytes.split_at(e.valid_up_to());
            let good = std::str::from_utf8(good).unwrap_or_default();
            let tag = if e.error_len().is_none() {
                "incomplete"
            } else {
                "error"
            };
            Value::Tuple(vec![
                atom(atoms, tag),
                chars(good),
                bits::bytes_value(rest.to_vec()),
            ])
        }
    }
}

fn capture_value(
    atoms: &mut AtomTable,
    subject: &[u8],
    span: Option<(usize, usize)>,
    ty: ReturnType,
    unicode: bool,
) -> Value {
    let bytes = span.map_or(&[][..], |(s, e)| &subject[s..e]);
    match ty {
        ReturnType::Index => match span {
            Some((s, e)) => {
                Value::Tuple(vec![Value::small(s as i64), Value::small((e - s) as i64)])
            }
            None => Value::Tuple(vec![Value::small(-1), Value::small(0)]),
        },
        ReturnType::Binary => bits::bytes_value(bytes.to_vec()),
        ReturnType::List if unicode && !bytes.is_empty() => characters(atoms, bytes),
        ReturnType::List => {
            Value::proper_list(bytes.iter().map(|&b| Value::small(b as i64)).collect())
        }
    }
}

/// A pattern argument: compiled (`{re_pattern, ...}`) or the source to compile.
struct Pattern {
    regex: Arc<Regex>,
    /// The pattern's `unicode` flag (of the tuple, or of the options).
    unicode: bool,
    /// Whether newlines may be CRLF (of the tuple, or of the compiled code).
    crlf: bool,
}

/// The bytes of a compiled pattern tuple: `Ok(None)` if it is not one of ours.
fn pattern_tuple(
    heap: Heap<'_>,
    atoms: &AtomTable,
    t: Term,
) -> Result<Option<PatternTuple>, Raise> {
    let Some(elements) = heap.tuple_elements(t)? else {
        return Ok(None);
    };
    if elements.len() != 5 || atom_name(atoms, elements[0]).as_deref() != Some("re_pattern") {
        return Ok(None);
    }
    let small = |t: Term| match term::shape(t) {
        Shape::Small(v) => Some(v),
        _ => None,
    };
    let (Some(_), Some(unicode), Some(crlf)) =
        (small(elements[1]), small(elements[2]), small(elements[3]))
    else {
        return Ok(None);
    };
    let Some(view) = bits::view(heap, elements[4])? else {
        return Ok(None);
    };
    if view.size % 8 != 0 {
        return Ok(None);
    }
    Ok(Some(PatternTuple {
        unicode: unicode != 0,
        crlf: crlf != 0,
        binary: bits::extract(heap, &view)?,
    }))
}

struct PatternTuple {
    unicode: bool,
    crlf: bool,
    binary: Vec<u8>,
}

/// A pattern compiled by OTP's own PCRE (a literal from a `.beam` file, say): it cannot be
/// run here, and says so.
fn foreign_pattern(atoms: &mut AtomTable, binary: &[u8]) -> Option<Raise> {
    binary.starts_with(b"ERCP").then(|| {
        raise(Value::Tuple(vec![
            atom(atoms, "unsupported"),
            Value::Tuple(vec![
                atom(atoms, "re"),
                atom(atoms, "pcre1_compiled_pattern"),
            ]),
        ]))
    })
}

/// The source of a textual pattern (iodata, or with `unicode` chardata), `None` if it is not.
fn source_bytes(heap: Heap<'_>, t: Term, unicode: bool) -> Result<Option<Vec<u8>>, Raise> {
    if let Some(view) = bits::view(heap, t)? {
        return Ok((view.size % 8 == 0)
            .then(|| bits::extract(heap, &view))
            .transpose()?);
    }
    if !matches!(term::shape(t), Shape::Cons(_) | Shape::Nil) {
        return Ok(None);
    }
    if unicode {
        unicode::chardata_to_utf8(heap, t)
    } else {
        Ok(bits::iodata_bytes(heap, t)?)
    }
}

fn compile_error_value(e: &CompileError) -> Value {
    Value::Tuple(vec![
        Value::proper_list(e.message.chars().map(|c| Value::small(c as i64)).collect()),
        Value::small(e.offset as i64),
    ])
}

fn pattern_value(atoms: &mut AtomTable, regex: &Regex, unicode: bool, binary: Vec<u8>) -> Value {
    Value::Tuple(vec![
        atom(atoms, "re_pattern"),
        Value::small(regex.capture_count as i64),
        Value::small(unicode as i64),
        Value::small(regex.crlf as i64),
        bits::bytes_value(binary),
    ])
}

/// `re:compile(Pattern, Options)`.
fn compile_bif(
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    cache: &mut Cache,
    pattern: Term,
    options: Term,
) -> Result<Value, Raise> {
    let Some(mut o) = parse_options(heap, atoms, options)? else {
        return Err(badarg(atoms));
    };
    if o.run_only {
        return Err(badarg(atoms));
    }
    if o.match_flags & PCRE2_ANCHORED != 0 {
        o.compile.flags |= PCRE2_ANCHORED;
    }
    let Some(source) = source_bytes(heap, pattern, o.unicode)? else {
        return Err(badarg(atoms));
    };
    let binary = o.compile.encode(&source);
    match cache.get(&binary) {
        Ok(regex) => {
            let compiled = pattern_value(atoms, &regex, o.unicode, binary);
            Ok(Value::Tuple(vec![atom(atoms, "ok"), compiled]))
        }
        Err(e) => {
            let error = compile_error_value(&e);
            Ok(Value::Tuple(vec![atom(atoms, "error"), error]))
        }
    }
}

/// `re:run(Subject, Pattern, Options)` (and `internal_run/4`, the same without its UTF check
/// skipped: PCRE2 is told to skip it only where it was done here).
fn run_bif(
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    cache: &mut Cache,
    subject: Term,
    pattern: Term,
    options: Term,
) -> Result<Value, Raise> {
    let Some(o) = parse_options(heap, atoms, options)? else {
        return Err(badarg(atoms));
    };
    let pattern = match pattern_tuple(heap, atoms, pattern)? {
        Some(tuple) => {
            if o.compile_only {
                return Err(badarg(atoms));
            }
            if let Some(e) = foreign_pattern(atoms, &tuple.binary) {
                return Err(e);
            }
            let Some((mut compiled, source)) = CompileOptions::decode(&tuple.binary) else {
                return Err(badarg(atoms));
            };
            // PCRE1 took newline and \R conventions at match time too; PCRE2 only compiles
            // them in, so a run that names one uses the pattern recompiled with it.
            let key = if o.compile.newline != 0 || o.compile.bsr != 0 {
                if o.compile.newline != 0 {
                    compiled.newline = o.compile.newline;
                }
                if o.compile.bsr != 0 {
                    compiled.bsr = o.compile.bsr;
                }
                compiled.encode(source)
            } else {
                tuple.binary
            };
            let Ok(regex) = cache.get(&key) else {
                return Err(badarg(atoms));
            };
            Pattern {
                regex,
                unicode: tuple.unicode,
                crlf: tuple.crlf,
            }
        }
        None => {
            if !matches!(term::shape(pattern), Shape::Cons(_) | Shape::Nil)
                && !bits::is_bitstring(heap, pattern)?
            {
                return Err(badarg(atoms));
            }
            let Some(source) = source_bytes(heap, pattern, o.unicode)? else {
                return Err(badarg(atoms));
            };
            let mut compiled = o.compile;
            if o.match_flags & PCRE2_ANCHORED != 0 {
                compiled.flags |= PCRE2_ANCHORED;
            }
            match cache.get(&compiled.encode(&source)) {
                Ok(regex) => Pattern {
                    crlf: regex.crlf,
                    regex,
                    unicode: o.unicode,
                },
                Err(e) if o.report_errors => {
                    let error = compile_error_value(&e);
                    return Ok(Value::Tuple(vec![
                        atom(atoms, "error"),
                        Value::Tuple(vec![atom(atoms, "compile"), error]),
                    ]));
                }
                Err(_) => return Err(badarg(atoms)),
            }
        }
    };
    // The subject: a binary as it is; other iodata flattened, or with a unicode pattern
    // chardata converted to UTF-8 (OTP's `urun`).
    let subject_bytes = match bits::view(heap, subject)? {
        Some(view) if view.size % 8 == 0 => bits::extract(heap, &view)?,
        Some(_) => return Err(badarg(atoms)),
        None if pattern.unicode => match unicode::chardata_to_utf8(heap, subject)? {
            Some(bytes) => bytes,
            None => return Err(badarg(atoms)),
        },
        None => match bits::iodata_bytes(heap, subject)? {
            Some(bytes) => bytes,
            None => return Err(badarg(atoms)),
        },
    };
    let (values, ty) = o.capture.unwrap_or((atom_term(atoms, "all"), None));
    let Some(spec) = parse_select(heap, atoms, &pattern.regex, values)? else {
        return Err(badarg(atoms));
    };
    let ty = parse_type(atoms, ty);
    if ty.is_none() && !o.global {
        return Err(badarg(atoms));
    }
    let limits = Limits {
        match_limit: o.match_limit,
        depth_limit: o.depth_limit,
    };
    let regex = &pattern.regex;
    let utf_checked = regex_is_utf(regex) && std::str::from_utf8(&subject_bytes).is_ok();
    // The UTF check is done once here for all the matches of a global run; an offset inside a
    // character is left to PCRE2 to refuse.
    let flags_at = |offset: usize, flags: u32| {
        let boundary = offset >= subject_bytes.len() || subject_bytes[offset] & 0xC0 != 0x80;
        if utf_checked && boundary {
            flags | PCRE2_NO_UTF_CHECK
        } else {
            flags
        }
    };
    if !o.global {
        let result = exec(
            regex,
            &subject_bytes,
            o.offset,
            flags_at(o.offset, o.match_flags),
            &limits,
        );
        return match result {
            Exec::Match(groups) => {
                if matches!(spec, Select::None) {
                    return Ok(atom(atoms, "match"));
                }
                let ty = ty.unwrap_or(ReturnType::Index);
                let captured = select(&spec, &groups)
                    .into_iter()
                    .map(|span| capture_value(atoms, &subject_bytes, span, ty, pattern.unicode))
                    .collect();
                Ok(Value::Tuple(vec![
                    atom(atoms, "match"),
                    Value::proper_list(captured),
                ]))
            }
            Exec::NoMatch => Ok(atom(atoms, "nomatch")),
            Exec::Limit(which) if o.report_errors => {
                Ok(Value::Tuple(vec![atom(atoms, "error"), atom(atoms, which)]))
            }
            Exec::Limit(_) => Ok(atom(atoms, "nomatch")),
            Exec::Bad => Err(badarg(atoms)),
        };
    }
    // OTP's `re:loopexec/8`: after an empty match, the same start is tried again anchored and
    // not empty; failing that, the next start is one character on (two bytes over a CRLF).
    let end = subject_bytes.len();
    let mut matches: Vec<Groups> = Vec::new();
    let mut at = o.offset;
    while at <= end {
        let first = match exec(
            regex,
            &subject_bytes,
            at,
            flags_at(at, o.match_flags),
            &limits,
        ) {
            Exec::Match(groups) => groups,
            Exec::NoMatch => break,
            Exec::Limit(which) if o.report_errors => {
                return Ok(Value::Tuple(vec![atom(atoms, "error"), atom(atoms, which)]))
            }
            Exec::Limit(_) => break,
            Exec::Bad => return Err(badarg(atoms)),
        };
        let (start, stop) = first.first().copied().flatten().unwrap_or((at, at));
        matches.push(first);
        if stop > start {
            at = stop;
            continue;
        }
        let retry_flags = o.match_flags | PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED;
        let retry = match exec(
            regex,
            &subject_bytes,
            at,
            flags_at(at, retry_flags),
            &limits,
        ) {
            Exec::Match(groups) => Some(groups),
            Exec::NoMatch => None,
            Exec::Limit(which) if o.report_errors => {
                return Ok(Value::Tuple(vec![atom(atoms, "error"), atom(atoms, which)]))
            }
            Exec::Limit(_) => None,
            Exec::Bad => return Err(badarg(atoms)),
        };
        let step = retry
            .as_ref()
            .and_then(|g| g.first().copied().flatten())
            .map_or(0, |(s, e)| e - s);
        at = if step > 0 {
            start + step
        } else {
            forward(&subject_bytes, start, pattern.unicode, pattern.crlf)
        };
        if let Some(retry) = retry {
            matches.push(retry);
        }
    }
    if matches.is_empty() {
        return Ok(atom(atoms, "nomatch"));
    }
    if matches!(spec, Select::None) {
        return Ok(atom(atoms, "match"));
    }
    let Some(ty) = ty else {
        // `re:postprocess/5` has no clause for another type.
        return Err(raise(atom(atoms, "function_clause")));
    };
    let all = matches
        .iter()
        .map(|groups| {
            Value::proper_list(
                select(&spec, groups)
                    .into_iter()
                    .map(|span| capture_value(atoms, &subject_bytes, span, ty, pattern.unicode))
                    .collect(),
            )
        })
        .collect();
    Ok(Value::Tuple(vec![
        atom(atoms, "match"),
        Value::proper_list(all),
    ]))
}

fn regex_is_utf(regex: &Regex) -> bool {
    let mut options: u32 = 0;
    // SAFETY: reads one u32 of pattern information.
    unsafe {
        pcre2_pattern_info_8(
            regex.code.as_ptr(),
            PCRE2_INFO_ALLOPTIONS,
            &mut options as *mut u32 as *mut _,
        );
    }
    options & PCRE2_UTF != 0
}

fn atom_term(atoms: &mut AtomTable, name: &str) -> Term {
    term::atom(atoms.intern(name))
}

/// One character on from `at` (`re:forward/5`): a CRLF counts as one when newlines may be
/// CRLF; with unicode, a character is as long as its UTF-8 lead byte says.
fn forward(subject: &[u8], at: usize, unicode: bool, crlf: bool) -> usize {
    let rest = &subject[at.min(subject.len())..];
    if crlf && rest.starts_with(b"\r\n") {
        return at + 2;
    }
    if !unicode {
        return at + 1;
    }
    at + match rest.first() {
        Some(b) if b & 0xE0 == 0xC0 => 2,
        Some(b) if b & 0xF0 == 0xE0 => 3,
        Some(b) if b & 0xF8 == 0xF0 => 4,
        _ => 1,
    }
}

/// `re:inspect(MP, namelist)`.
fn inspect_bif(
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    cache: &mut Cache,
    pattern: Term,
    item: Term,
) -> Result<Value, Raise> {
    let Some(tuple) = pattern_tuple(heap, atoms, pattern)? else {
        return Err(badarg(atoms));
    };
    if atom_name(atoms, item).as_deref() != Some("namelist") {
        return Err(badarg(atoms));
    }
    if let Some(e) = foreign_pattern(atoms, &tuple.binary) {
        return Err(e);
    }
    let Ok(regex) = cache.get(&tuple.binary) else {
        return Err(badarg(atoms));
    };
    let names = regex
        .distinct_names()
        .into_iter()
        .map(|n| bits::bytes_value(n.to_vec()))
        .collect();
    Ok(Value::Tuple(vec![
        atom(atoms, "namelist"),
        Value::proper_list(names),
    ]))
}

/// PCRE2's version, as `re:version/0` gives PCRE's.
fn version() -> Value {
    let mut buffer = [0u8; 64];
    // SAFETY: the version string is at most 24 bytes, well within the buffer.
    let n = unsafe { pcre2_config_8(PCRE2_CONFIG_VERSION, buffer.as_mut_ptr() as *mut _) };
    let len = (n.max(1) as usize - 1).min(buffer.len());
    bits::bytes_value(buffer[..len].to_vec())
}

/// The `re` BIFs.
pub(crate) fn eval(
    bif: ReBif,
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    cache: &mut Cache,
    args: &[Term],
) -> Result<Value, Raise> {
    let arg = |i: usize| args.get(i).copied().unwrap_or(term::NIL);
    match bif {
        ReBif::ReVersion0 => Ok(version()),
        ReBif::ReCompile1 => compile_bif(heap, atoms, cache, arg(0), term::NIL),
        ReBif::ReCompile2 => compile_bif(heap, atoms, cache, arg(0), arg(1)),
        ReBif::ReRun2 => run_bif(heap, atoms, cache, arg(0), arg(1), term::NIL),
        ReBif::ReRun3 => run_bif(heap, atoms, cache, arg(0), arg(1), arg(2)),
        ReBif::ReInternalRun4 => {
            match atom_name(atoms, arg(3)).as_deref() {
                Some("true" | "false") => {}
                _ => return Err(badarg(atoms)),
            }
            run_bif(heap, atoms, cache, arg(0), arg(1), arg(2))
        }
        ReBif::ReInspect2 => inspect_bif(heap, atoms, cache, arg(0), arg(1)),
    }
}
