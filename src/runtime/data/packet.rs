//! `erlang:decode_packet/3`: the packet framing of OTP's `packet_parser.c` (what `gen_tcp`'s
//! `{packet, Type}` does in the inet driver), on a binary: the length of the first packet by
//! its type's header (`1`, `2`, `4`, `asn1`, `sunrm`, `cdr`, `fcgi`, `tpkt`, `ssl_tls`), a
//! line, or an HTTP line (a request or status line, a header with its continuation lines),
//! and for HTTP and TLS the packet parsed into OTP's terms. Everything is read from the bytes
//! as OTP does, including its arithmetic: counts in C `int`s wrap rather than fail.

use crate::abi::term::{self, Shape, Term};
use crate::runtime::bifs::{badarg, Raise};
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::Heap;
use crate::runtime::term::value::Value;

use super::bits;

/// The packet types `decode_packet/3` takes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Raw,
    /// A big-endian length of 1, 2 or 4 bytes before the data.
    Length(u32),
    Asn1,
    SunRm,
    Cdr,
    Fcgi,
    Tpkt,
    Line,
    /// An HTTP line; `headers`: a header line (`httph`) rather than a request or status
    /// line; `binaries`: strings as binaries (`http_bin`, `httph_bin`).
    Http {
        headers: bool,
        binaries: bool,
    },
    SslTls,
}

impl Kind {
    fn of(atoms: &AtomTable, t: Term) -> Option<Kind> {
        let http = |headers, binaries| Kind::Http { headers, binaries };
        match term::shape(t) {
            Shape::Small(0) => Some(Kind::Raw),
            Shape::Small(n @ (1 | 2 | 4)) => Some(Kind::Length(n as u32)),
            Shape::Atom(a) => Some(match atoms.name(a)? {
                "raw" => Kind::Raw,
                "asn1" => Kind::Asn1,
                "sunrm" => Kind::SunRm,
                "cdr" => Kind::Cdr,
                "fcgi" => Kind::Fcgi,
                "tpkt" => Kind::Tpkt,
                "line" => Kind::Line,
                "http" => http(false, false),
                "httph" => http(true, false),
                "http_bin" => http(false, true),
                "httph_bin" => http(true, true),
                "ssl_tls" => Kind::SslTls,
                _ => return None,
            }),
            _ => None,
        }
    }
}

/// The options: `packet_size` (0: no limit), `line_length` (0: none), `line_delimiter`.
struct Options {
    max_size: u32,
    line_length: u32,
    delimiter: u8,
}

impl Options {
    fn read(heap: Heap<'_>, atoms: &AtomTable, kind: Kind, list: Term) -> Option<Options> {
        let mut options = Options {
            max_size: 0,
            line_length: 0,
            delimiter: b'\n',
        };
        for item in heap.proper_list(list).ok()?? {
            let [key, value] = heap.tuple_elements(item).ok()??[..] else {
                return None;
            };
            let value = u32::try_from(heap.integer(value).ok()??).ok()?;
            let Shape::Atom(key) = term::shape(key) else {
                return None;
            };
            match atoms.name(key)? {
                "packet_size" => options.max_size = value,
                "line_length" => options.line_length = value,
                "line_delimiter" if kind == Kind::Line => {
                    options.delimiter = u8::try_from(value).ok()?
                }
                _ => return None,
            }
        }
        Some(options)
    }
}

/// What the first packet's length is: unknown yet, known, or the data is no such packet.
#[derive(Debug, PartialEq, Eq)]
enum Length {
    More,
    Total(u64),
    Invalid,
}

const INT_MAX: u64 = i32::MAX as u64;

/// A header of `header` bytes announcing `body` more: the total, unless `body` is past the
/// limit (`packet_size`, or what a C `int` holds).
fn announced(header: u64, body: u32, max_size: u32) -> Length {
    let limit = match max_size {
        0 => INT_MAX - header,
        limit => limit as u64,
    };
    if body as u64 > limit || header + body as u64 > INT_MAX {
        Length::Invalid
    } else {
        Length::Total(header + body as u64)
    }
}

fn be(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0, |n, &b| n << 8 | b as u32)
}

fn is_space(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// `packet_get_length`: the length of the packet `data` starts with.
fn packet_length(kind: Kind, data: &[u8], options: &Options) -> Length {
    let n = data.len();
    let max_size = options.max_size;
    match kind {
        Kind::Raw if n == 0 => Length::More,
        Kind::Raw => Length::Total(n as u64),
        Kind::Length(header) if n < header as usize => Length::More,
        Kind::Length(header) => announced(header as u64, be(&data[..header as usize]), max_size),
        Kind::SunRm if n < 4 => Length::More,
        // The top bit marks the last fragment of a record.
        Kind::SunRm => announced(4, be(&data[..4]) & 0x7fff_ffff, max_size),
        Kind::Asn1 => asn1_length(data, max_size),
        Kind::Cdr if n < 12 => Length::More,
        Kind::Cdr if &data[..4] != b"GIOP" => Length::Invalid,
        Kind::Cdr => {
            // Bit 0 of the flags: the message size is little-endian.
            let size = &data[8..12];
            let body = if data[6] & 1 == 1 {
                u32::from_le_bytes([size[0], size[1], size[2], size[3]])
            } else {
                be(size)
            };
            announced(12, body, max_size)
        }
        Kind::Fcgi if n < 8 => Length::More,
        Kind::Fcgi if data[0] != 1 => Length::Invalid,
        // Content length, then padding.
        Kind::Fcgi => announced(8, be(&data[4..6]) + data[6] as u32, max_size),
        Kind::Tpkt if n < 4 => Length::More,
        Kind::Tpkt if data[0] != 3 => Length::Invalid,
        // The length counts the header (a shorter one wraps, and is past any limit).
        Kind::Tpkt => announced(4, be(&data[2..4]).wrapping_sub(4), max_size),
        Kind::SslTls if n < 5 => Length::More,
        Kind::SslTls => {
            let body = if data[0] & 0x80 != 0 && data[2] == 1 {
                // An SSL 2 client hello: `<<1:1, Length:15, 1:8, Version:16>>`.
                (be(&data[..2]) & 0x7fff).wrapping_sub(3)
            } else {
                be(&data[3..5])
            };
            announced(5, body, max_size)
        }
        Kind::Line => line_length(data, options),
        Kind::Http { headers, .. } => http_length(data, headers, options),
    }
}

fn asn1_length(data: &[u8], max_size: u32) -> Length {
    let n = data.len();
    if n < 2 {
        return Length::More;
    }
    // `at`: the byte being read; `left`: the bytes from `at` on.
    let (mut at, mut left) = (1, n - 1);
    if data[0] & 0x1f == 0x1f {
        // A long tag: bytes with the top bit set, then one without.
        while left > 0 && data[at] & 0x80 != 0 {
            at += 1;
            left -= 1;
        }
        if left < 2 {
            return Length::More;
        }
        at += 1;
        left -= 1;
    }
    let first = data[at];
    let count = (first & 0x7f) as usize;
    at += 1;
    let body = if first & 0x80 == 0 {
        count as u32
    } else {
        // The long form: `count` bytes of length.
        if left - 1 < count {
            return Length::More;
        }
        if count > 4 {
            return Length::Invalid;
        }
        let body = be(&data[at..at + count]);
        at += count;
        body
    };
    announced(at as u64, body, max_size)
}

fn line_length(data: &[u8], options: &Options) -> Length {
    let (max_size, truncate) = (options.max_size as u64, options.line_length as u64);
    let n = data.len() as u64;
    match data.iter().position(|&b| b == options.delimiter) {
        None if max_size != 0 && n > max_size => Length::Invalid,
        // A line longer than `line_length` is cut there.
        None if truncate != 0 && n >= truncate => Length::Total(truncate),
        None => Length::More,
        Some(at) => {
            let length = at as u64 + 1;
            if max_size != 0 && length > max_size {
                Length::Invalid
            } else if truncate != 0 && length > truncate {
                Length::Total(truncate)
            } else {
                Length::Total(length)
            }
        }
    }
}

/// An HTTP line, or a header with its continuation lines (those starting with a space or a
/// tab): a header is complete only once the next line's first byte is there.
fn http_length(data: &[u8], headers: bool, options: &Options) -> Length {
    let n = data.len();
    if data == b"\n" || data == b"\r\n" {
        return Length::Total(n as u64);
    }
    // `line_length` limits HTTP lines when `packet_size` does not (for old callers).
    let max_size = match options.max_size {
        0 => options.line_length as u64,
        limit => limit as u64,
    } as usize;
    let too_long = |length: usize| max_size != 0 && length > max_size;
    let mut from = 0;
    loop {
        let Some(at) = data[from..].iter().position(|&b| b == b'\n') else {
            return if max_size != 0 && n >= max_size {
                Length::Invalid
            } else {
                Length::More
            };
        };
        let length = from + at + 1;
        if !headers || length < n && !(is_space(data[length]) && length > 2) {
            return if too_long(length) {
                Length::Invalid
            } else {
                Length::Total(length as u64)
            };
        }
        if length >= n {
            return if too_long(length) {
                Length::Invalid
            } else {
                Length::More
            };
        }
        from = length;
    }
}

/// The packet's body as `{ok, Packet, Rest}` hands it back when the type is not parsed: the
/// length headers of `1`, `2` and `4` go, and `fcgi`'s padding.
fn body(kind: Kind, packet: &[u8]) -> &[u8] {
    match kind {
        Kind::Length(header) => &packet[header as usize..],
        Kind::Fcgi => &packet[..packet.len() - packet[6] as usize],
        _ => packet,
    }
}

/// Builds the terms of a parsed packet: strings as lists or as binaries.
struct Builder<'a> {
    atoms: &'a mut AtomTable,
    binaries: bool,
}

impl Builder<'_> {
    fn atom(&mut self, name: &str) -> Value {
        Value::atom(self.atoms.intern(name))
    }

    fn string(&self, bytes: &[u8]) -> Value {
        if self.binaries {
            bits::bytes_value(bytes.to_vec())
        } else {
            Value::proper_list(bytes.iter().map(|&b| Value::small(b as i64)).collect())
        }
    }

    fn version(major: i32, minor: i32) -> Value {
        Value::Tuple(vec![Value::small(major as i64), Value::small(minor as i64)])
    }
}

/// The methods and header names OTP answers as atoms; a header's position (from 1) is the
/// second element of its `http_header` tuple.
const METHODS: [&str; 7] = ["OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE"];
const HEADERS: [&str; 52] = [
    "Cache-Control",
    "Connection",
    "Date",
    "Pragma",
    "Transfer-Encoding",
    "Upgrade",
    "Via",
    "Accept",
    "Accept-Charset",
    "Accept-Encoding",
    "Accept-Language",
    "Authorization",
    "From",
    "Host",
    "If-Modified-Since",
    "If-Match",
    "If-None-Match",
    "If-Range",
    "If-Unmodified-Since",
    "Max-Forwards",
    "Proxy-Authorization",
    "Range",
    "Referer",
    "User-Agent",
    "Age",
    "Location",
    "Proxy-Authenticate",
    "Public",
    "Retry-After",
    "Server",
    "Vary",
    "Warning",
    "Www-Authenticate",
    "Allow",
    "Content-Base",
    "Content-Encoding",
    "Content-Language",
    "Content-Length",
    "Content-Location",
    "Content-Md5",
    "Content-Range",
    "Content-Type",
    "Etag",
    "Expires",
    "Last-Modified",
    "Accept-Ranges",
    "Set-Cookie",
    "Set-Cookie2",
    "X-Forwarded-For",
    "Cookie",
    "Keep-Alive",
    "Proxy-Connection",
];

/// Header names longer than this are not looked up (nor case-adjusted).
const MAX_HEADER_NAME: usize = 50;

/// HTTP's separators (RFC 2616's `tspecials`), controls and bytes past ASCII end a token.
fn is_token_byte(b: u8) -> bool {
    b > 32 && b < 128 && !b"()<>@,;:\\\"/[]?={} \t".contains(&b)
}

/// A byte cursor over a line, with OTP's parsing steps.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn at_end(&self) -> bool {
        self.at >= self.bytes.len()
    }

    /// Skips spaces and tabs; whether there were any.
    fn spaces(&mut self) -> bool {
        let start = self.at;
        while self.peek().is_some_and(is_space) {
            self.at += 1;
        }
        self.at > start
    }

    /// A decimal number (in a C `int`, wrapping), if there are digits.
    fn number(&mut self) -> Option<i32> {
        let start = self.at;
        let mut n: i32 = 0;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            n = n.wrapping_mul(10).wrapping_add((d - b'0') as i32);
            self.at += 1;
        }
        (self.at > start).then_some(n)
    }

    /// `Major.Minor` after `HTTP/`.
    fn version(&mut self) -> Option<(i32, i32)> {
        let major = self.number()?;
        if self.peek() != Some(b'.') {
            return None;
        }
        self.at += 1;
        Some((major, self.number()?))
    }

    fn rest(&self) -> &[u8] {
        &self.bytes[self.at.min(self.bytes.len())..]
    }
}

/// `packet_parse_http`: the term of one HTTP line (without its line end), or `None` where OTP
/// answers `{http_error, Line}`.
fn parse_http(b: &mut Builder<'_>, line: &[u8], headers: bool) -> Option<Value> {
    let mut c = Cursor { bytes: line, at: 0 };
    if headers {
        return parse_header(b, line);
    }
    if line.starts_with(b"HTTP/") {
        // Status-Line = HTTP-Version SP Status-Code SP Reason-Phrase
        c.at = 5;
        let (major, minor) = c.version()?;
        if !c.spaces() {
            return None;
        }
        let status = c.number().unwrap_or(0);
        if !c.spaces() && !c.at_end() {
            return None;
        }
        return Some(Value::Tuple(vec![
            b.atom("http_response"),
            Builder::version(major, minor),
            Value::small(status as i64),
            b.string(c.rest()),
        ]));
    }
    // Request-Line = Method SP Request-URI SP HTTP-Version
    while c.peek().is_some_and(is_token_byte) {
        c.at += 1;
    }
    let method = &line[..c.at];
    if method.is_empty() || !c.peek().is_some_and(is_space) {
        return None;
    }
    c.spaces();
    let uri_start = c.at;
    while c.peek().is_some_and(|x| !is_space(x)) {
        c.at += 1;
    }
    let uri = &line[uri_start..c.at];
    if uri.is_empty() {
        return None;
    }
    c.spaces();
    // HTTP/0.9: no version.
    let (major, minor) = if c.at_end() {
        (0, 9)
    } else {
        if c.rest().len() < 8 || !c.rest().starts_with(b"HTTP/") {
            return None;
        }
        c.at += 5;
        c.version()?
    };
    let method = match METHODS.iter().find(|m| m.as_bytes() == method) {
        Some(name) => b.atom(name),
        None => b.string(method),
    };
    let uri = parse_uri(b, uri);
    Some(Value::Tuple(vec![
        b.atom("http_request"),
        method,
        uri,
        Builder::version(major, minor),
    ]))
}

/// `{http_header, Index, Name, OriginalName, Value}`, or `http_eoh` for the empty line.
fn parse_header(b: &mut Builder<'_>, line: &[u8]) -> Option<Value> {
    if line.is_empty() {
        return Some(b.atom("http_eoh"));
    }
    // Words capitalized (`content-type` is `Content-Type`), as far as the name is looked up.
    let mut name = Vec::new();
    let mut upper = true;
    let mut at = 0;
    while let Some(&byte) = line.get(at).filter(|&&x| is_token_byte(x)) {
        if name.len() < MAX_HEADER_NAME {
            let adjusted = if upper {
                upper = false;
                byte.to_ascii_uppercase()
            } else if byte == b'-' {
                upper = true;
                byte
            } else {
                byte.to_ascii_lowercase()
            };
            name.push(adjusted);
        }
        at += 1;
        if at == line.len() {
            return None;
        }
    }
    if line[at] != b':' {
        return None;
    }
    let original = &line[..at];
    let (index, name) = if original.len() > MAX_HEADER_NAME {
        (0, b.string(original))
    } else {
        match HEADERS.iter().position(|h| h.as_bytes() == name) {
            Some(i) => (i + 1, b.atom(HEADERS[i])),
            None => (0, b.string(&name)),
        }
    };
    let mut c = Cursor {
        bytes: line,
        at: at + 1,
    };
    c.spaces();
    Some(Value::Tuple(vec![
        b.atom("http_header"),
        Value::small(index as i64),
        name,
        b.string(original),
        b.string(c.rest()),
    ]))
}

/// A Request-URI: `'*'`, `{abs_path, Path}`, `{absoluteURI, http | https, Host, Port, Path}`,
/// `{scheme, Scheme, Rest}`, or the string as it is.
fn parse_uri(b: &mut Builder<'_>, uri: &[u8]) -> Value {
    if uri == b"*" {
        return b.atom("*");
    }
    if uri.len() <= 1 || uri[0] == b'/' {
        return Value::Tuple(vec![b.atom("abs_path"), b.string(uri)]);
    }
    let lower: Vec<u8> = uri.iter().take(8).map(u8::to_ascii_lowercase).collect();
    let scheme = if lower.starts_with(b"http://") {
        Some(("http", 7))
    } else if lower.starts_with(b"https://") {
        Some(("https", 8))
    } else {
        None
    };
    if let Some((scheme, skip)) = scheme {
        let rest = &uri[skip..];
        // host[:port][path]; no path is `/`.
        let (authority, path): (&[u8], &[u8]) = match rest.iter().position(|&x| x == b'/') {
            Some(slash) => (&rest[..slash], &rest[slash..]),
            None => (rest, b"/"),
        };
        let (host, port) = match authority.iter().position(|&x| x == b':') {
            None => (authority, None),
            Some(colon) => {
                let digits = &authority[colon + 1..];
                let port = digits.iter().try_fold(0i32, |n, &d| {
                    d.is_ascii_digit()
                        .then(|| n.wrapping_mul(10).wrapping_add((d - b'0') as i32))
                });
                (&authority[..colon], port.filter(|&p| p != 0))
            }
        };
        let port = match port {
            Some(port) => Value::small(port as i64),
            None => b.atom("undefined"),
        };
        return Value::Tuple(vec![
            b.atom("absoluteURI"),
            b.atom(scheme),
            b.string(host),
            port,
            b.string(path),
        ]);
    }
    match uri.iter().position(|&x| x == b':') {
        Some(colon) => Value::Tuple(vec![
            b.atom("scheme"),
            b.string(&uri[..colon]),
            b.string(&uri[colon + 1..]),
        ]),
        None => b.string(uri),
    }
}

/// `{ssl_tls, [], ContentType, {Major, Minor}, Data}` of a TLS record (an SSL 2 client hello
/// becomes a handshake record).
fn parse_ssl(b: &mut Builder<'_>, packet: &[u8]) -> Value {
    let (content_type, major, minor, data) = if packet[0] & 0x80 != 0 && packet[2] == 1 {
        let length = (packet.len() - 3) as u32;
        let mut data = vec![1];
        data.extend_from_slice(&length.to_be_bytes()[1..]);
        data.extend_from_slice(&packet[3..]);
        (22, packet[3], packet[4], data)
    } else {
        (packet[0], packet[1], packet[2], packet[5..].to_vec())
    };
    Value::Tuple(vec![
        b.atom("ssl_tls"),
        Value::Term(term::NIL),
        Value::small(content_type as i64),
        Builder::version(major as i32, minor as i32),
        bits::bytes_value(data),
    ])
}

/// `erlang:decode_packet(Type, Bin, Options)`.
pub(crate) fn decode_packet(
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    args: &[Term],
) -> Result<Value, Raise> {
    let Some(kind) = Kind::of(atoms, args[0]) else {
        return Err(badarg(atoms));
    };
    let Some(view) = bits::view(heap, args[1])? else {
        return Err(badarg(atoms));
    };
    let Some(options) = Options::read(heap, atoms, kind, args[2]) else {
        return Err(badarg(atoms));
    };
    // A bitstring's whole bytes are the data; its last bits stay in the rest.
    let all = bits::extract(heap, &view)?;
    let data = &all[..(view.size / 8) as usize];
    let tuple2 = |atoms: &mut AtomTable, tag: &str, v: Value| {
        Value::Tuple(vec![Value::atom(atoms.intern(tag)), v])
    };
    let length = match packet_length(kind, data, &options) {
        Length::Invalid => {
            let invalid = Value::atom(atoms.intern("invalid"));
            return Ok(tuple2(atoms, "error", invalid));
        }
        Length::More => {
            let undefined = Value::atom(atoms.intern("undefined"));
            return Ok(tuple2(atoms, "more", undefined));
        }
        Length::Total(length) if length > data.len() as u64 => {
            return Ok(tuple2(atoms, "more", Value::Int(length.into())));
        }
        Length::Total(length) => length as usize,
    };
    let packet = &data[..length];
    let parsed = match kind {
        Kind::Http { headers, binaries } => {
            let mut b = Builder { atoms, binaries };
            // The line without its end (`\r\n`, or `\n` alone).
            let n = packet.len();
            let line = if n >= 2 && packet[n - 2] == b'\r' {
                &packet[..n - 2]
            } else if packet.last() == Some(&b'\n') {
                &packet[..n - 1]
            } else {
                packet
            };
            match parse_http(&mut b, line, headers) {
                Some(v) => v,
                None => Value::Tuple(vec![b.atom("http_error"), b.string(packet)]),
            }
        }
        Kind::SslTls => parse_ssl(
            &mut Builder {
                atoms,
                binaries: true,
            },
            packet,
        ),
        _ => bits::bytes_value(body(kind, packet).to_vec()),
    };
    let mut rest = bits::BitWriter::default();
    rest.push_bits(&all, 8 * length as u64, view.size - 8 * length as u64);
    let rest = Value::Bitstring {
        bits: rest.bits,
        data: rest.bytes,
    };
    Ok(Value::Tuple(vec![
        Value::atom(atoms.intern("ok")),
        parsed,
        rest,
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every packet type, and every limit, on many short byte strings (random, and built from
    /// the bytes the parsers look for): a length and a parse, never a panic.
    #[test]
    fn no_input_panics() {
        let kinds = [
            Kind::Raw,
            Kind::Length(1),
            Kind::Length(2),
            Kind::Length(4),
            Kind::Asn1,
            Kind::SunRm,
            Kind::Cdr,
            Kind::Fcgi,
            Kind::Tpkt,
            Kind::Line,
            Kind::SslTls,
            Kind::Http {
                headers: false,
                binaries: false,
            },
            Kind::Http {
                headers: true,
                binaries: true,
            },
        ];
        let alphabet = b"\r\n \t:/.*0123456789GETHTPhttps:[]\x00\x01\x03\x1f\x80\x81\x84\xff";
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut atoms = AtomTable::new();
        for _ in 0..20_000 {
            let len = (next() % 24) as usize;
            let data: Vec<u8> = (0..len)
                .map(|_| match next() % 3 {
                    0 => next() as u8,
                    _ => alphabet[(next() % alphabet.len() as u64) as usize],
                })
                .collect();
            let options = Options {
                max_size: [0, 1, 3, 8, u32::MAX][(next() % 5) as usize],
                line_length: [0, 1, 4, 9][(next() % 4) as usize],
                delimiter: [b'\n', b':', 0][(next() % 3) as usize],
            };
            for kind in kinds {
                let Length::Total(length) = packet_length(kind, &data, &options) else {
                    continue;
                };
                let Some(packet) = data.get(..length as usize) else {
                    continue;
                };
                match kind {
                    Kind::Http { headers, binaries } => {
                        let mut b = Builder {
                            atoms: &mut atoms,
                            binaries,
                        };
                        let _ = parse_http(&mut b, packet, headers);
                    }
                    Kind::SslTls => {
                        let mut b = Builder {
                            atoms: &mut atoms,
                            binaries: true,
                        };
                        let _ = parse_ssl(&mut b, packet);
                    }
                    _ => {
                        let _ = body(kind, packet);
                    }
                }
            }
        }
    }

    #[test]
    fn lengths_follow_the_headers() {
        let options = Options {
            max_size: 0,
            line_length: 0,
            delimiter: b'\n',
        };
        let length = |kind, data: &[u8]| packet_length(kind, data, &options);
        assert_eq!(length(Kind::Length(2), &[0, 3, 1]), Length::Total(5));
        assert_eq!(length(Kind::Length(4), &[0, 0]), Length::More);
        assert_eq!(length(Kind::Tpkt, &[3, 0, 0, 2]), Length::Invalid);
        assert_eq!(length(Kind::Asn1, &[0x30, 0x82, 0, 2]), Length::Total(6));
        assert_eq!(length(Kind::Line, b"ab\ncd"), Length::Total(3));
        let header = Kind::Http {
            headers: true,
            binaries: false,
        };
        // A header is complete once the next line does not continue it.
        assert_eq!(length(header, b"A: b\r\n c\r\n"), Length::More);
        assert_eq!(length(header, b"A: b\r\n c\r\nD"), Length::Total(10));
    }
}
