//! `zlib`: the NIFs under OTP 25's own `zlib.erl` (`zlib_nif.c` in ERTS), which does the
//! argument mapping (levels, strategies, flush modes), the chunk loop and the stash around them.
//! A stream is a reference (`zlib:open/0`) naming state kept here, in the host: its deflate or
//! inflate stream (zlib-rs), its input queue, the stash and its controlling process. When its
//! controlling process ends, its state goes and a small entry stays, so that another process
//! holding the reference gets `not_on_controlling_process`, as from OTP (which frees a stream
//! when no term refers to it).
//!
//! Compression is zlib-rs's (zlib-ng's algorithms): what it writes is valid deflate data of the
//! same format, but not always the bytes C zlib writes for the same input (short inputs agree).

use std::collections::HashMap;

use crate::abi::bifs::ZlibBif;
use crate::abi::term::{self, Shape, Term};
use crate::runtime::bifs::{badarg, error_atom, BifCall, BifResult, Raise};
use crate::runtime::data::bits::iodata_bytes;
use crate::runtime::error::Fault;
use crate::runtime::host::Host;
use crate::runtime::machine::Machine;
use crate::runtime::memory::gc::Block;
use crate::runtime::process::{self, Part};
use crate::runtime::term::heap::Heap;
use crate::runtime::term::value::Value;

/// `zlib_nif.c`'s default `inflateChunk/1` buffer size.
const DEFAULT_BUF_SIZE: i64 = 4000;

/// What inflating does with input past the end of a stream (`inflateInit/3`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EndOfStream {
    Error,
    Reset,
    Cut,
}

enum Codec {
    /// Opened, or ended by `deflateEnd`/`inflateEnd`: ready for an init.
    None,
    Deflate(Box<Deflater>),
    Inflate {
        stream: Box<zlib_rs::Inflate>,
        /// As `inflateInit` got them, for `inflateReset`.
        window_bits: i32,
    },
    Closed,
}

/// A deflate stream. `deflateParams` to another compression function once data went through
/// needs a flush zlib-rs's stable API cannot do; as `zlib.erl` has flushed to a byte boundary
/// by then, the stream goes on as a raw deflate stream of the new parameters primed with the
/// window so far, and this writes the zlib or gzip trailer itself.
struct Deflater {
    stream: zlib_rs::Deflate,
    config: zlib_rs::DeflateConfig,
    /// Whether `deflate` ran since the init or reset: zlib's `deflateEnd` reports a stream
    /// begun and not finished as a data error.
    begun: bool,
    finished: bool,
    /// The last window of input, and the checksums and size of all of it.
    history: Vec<u8>,
    adler: u32,
    crc: u32,
    total_in: u64,
    /// The format whose trailer this writes (the stream went on raw).
    trailer_format: Option<Format>,
    /// Trailer bytes still to write.
    trailer: Vec<u8>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Raw,
    Zlib,
    Gzip,
}

const WINDOW: usize = 1 << 15;

impl Deflater {
    fn new(config: zlib_rs::DeflateConfig) -> Deflater {
        Deflater {
            stream: zlib_rs::Deflate::new_with_config(config),
            config,
            begun: false,
            finished: false,
            history: Vec::new(),
            adler: 1,
            crc: 0,
            total_in: 0,
            trailer_format: None,
            trailer: Vec::new(),
        }
    }

    fn format(&self) -> Format {
        match self.config.window_bits {
            ..=-1 => Format::Raw,
            0..=15 => Format::Zlib,
            _ => Format::Gzip,
        }
    }

    /// One call of `deflate`: `(code, consumed, produced)`.
    fn compress(
        &mut self,
        input: &[u8],
        output: &mut [u8],
        mode: zlib_rs::DeflateFlush,
    ) -> (Code, usize, usize) {
        let (before_in, before_out) = (self.stream.total_in(), self.stream.total_out());
        let mut code = if self.finished && self.trailer_format.is_some() {
            // Only the trailer is left (zlib-rs's raw stream has ended).
            Code::StreamEnd
        } else {
            deflate_code(self.stream.compress(input, output, mode))
        };
        self.begun = true;
        let consumed = (self.stream.total_in() - before_in) as usize;
        let mut produced = (self.stream.total_out() - before_out) as usize;
        self.absorb(&input[..consumed]);
        if code == Code::StreamEnd {
            if let Some(format) = self.trailer_format {
                if !self.finished {
                    self.trailer = match format {
                        Format::Raw => Vec::new(),
                        Format::Zlib => self.adler.to_be_bytes().to_vec(),
                        Format::Gzip => {
                            // ISIZE is the size modulo 2^32.
                            let size = self.total_in as u32;
                            [self.crc.to_le_bytes(), size.to_le_bytes()].concat()
                        }
                    };
                }
                let room = (output.len() - produced).min(self.trailer.len());
                output[produced..produced + room].copy_from_slice(&self.trailer[..room]);
                self.trailer.drain(..room);
                produced += room;
                if !self.trailer.is_empty() {
                    // The output is full: the trailer goes on in the next call.
                    code = Code::Ok;
                }
            }
            self.finished = true;
        }
        (code, consumed, produced)
    }

    fn absorb(&mut self, consumed: &[u8]) {
        if consumed.is_empty() {
            return;
        }
        self.adler = zlib_rs::adler32::adler32(self.adler, consumed);
        self.crc = zlib_rs::crc32::crc32(self.crc, consumed);
        self.total_in += consumed.len() as u64;
        self.history.extend_from_slice(consumed);
        if self.history.len() > 2 * WINDOW {
            self.history.drain(..self.history.len() - WINDOW);
        }
    }

    fn reset(&mut self) {
        *self = Deflater::new(self.config);
    }

    /// `deflateParams` (after `zlib.erl`'s sync flush).
    fn params(&mut self, level: i32, strategy: zlib_rs::Strategy) -> bool {
        // zlib-rs's `set_level` keeps the default strategy.
        let default = zlib_rs::Strategy::Default;
        if strategy == default
            && self.config.strategy == default
            && self.stream.set_level(level).is_ok()
        {
            self.config.level = level;
            return true;
        }
        let bits = self.config.window_bits.unsigned_abs() as i32 & 15;
        let raw = zlib_rs::DeflateConfig {
            level,
            strategy,
            window_bits: -bits.max(9),
            ..self.config
        };
        let mut stream = zlib_rs::Deflate::new_with_config(raw);
        let window = &self.history[self.history.len().saturating_sub(1 << bits)..];
        if !window.is_empty() && stream.set_dictionary(window).is_err() {
            return false;
        }
        self.stream = stream;
        self.trailer_format.get_or_insert(self.format());
        true
    }
}

/// One stream's state.
pub struct Stream {
    codec: Codec,
    controller: u32,
    /// Input enqueued and not yet consumed.
    input: Vec<u8>,
    end_of_stream: EndOfStream,
    end_seen: bool,
    /// The CRC-32 of the plain text, kept for raw streams (`zlib:crc32/1`).
    crc: u32,
    raw: bool,
    buf_size: i64,
    /// A term `zlib.erl` keeps across calls, copied out of the process (and its block).
    stash: Option<(Term, Option<Block>)>,
}

impl std::fmt::Debug for Stream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match self.codec {
            Codec::None => "none",
            Codec::Deflate { .. } => "deflate",
            Codec::Inflate { .. } => "inflate",
            Codec::Closed => "closed",
        };
        f.debug_struct("Stream")
            .field("state", &state)
            .field("controller", &self.controller)
            .field("queued", &self.input.len())
            .finish()
    }
}

/// Every open stream, by its reference's number.
#[derive(Debug, Default)]
pub struct Streams {
    streams: HashMap<u64, Stream>,
}

/// zlib's result codes that `zlib_nif.c` turns into exceptions or atoms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Code {
    Ok,
    StreamEnd,
    /// Inflating needs the dictionary of this Adler-32.
    NeedDict(u32),
    StreamError,
    DataError,
    BufError,
}

/// `zlib_return`: `ok` and the other atoms, or the exception of an error code.
fn zlib_return(host: &mut Host, code: Code) -> BifResult {
    let name = match code {
        Code::Ok => "ok",
        Code::StreamEnd => "stream_end",
        Code::BufError => "buf_error",
        Code::NeedDict(_) => "unknown_error",
        Code::StreamError => return Err(error_atom(&mut host.atoms, "stream_error")),
        Code::DataError => return Err(error_atom(&mut host.atoms, "data_error")),
    };
    Ok(Value::atom(host.atoms.intern(name)))
}

fn deflate_code(result: Result<zlib_rs::Status, zlib_rs::DeflateError>) -> Code {
    match result {
        Ok(zlib_rs::Status::Ok) => Code::Ok,
        Ok(zlib_rs::Status::StreamEnd) => Code::StreamEnd,
        Ok(zlib_rs::Status::BufError) => Code::BufError,
        Err(zlib_rs::DeflateError::DataError) => Code::DataError,
        Err(_) => Code::StreamError,
    }
}

fn inflate_code(result: Result<zlib_rs::Status, zlib_rs::InflateError>) -> Code {
    match result {
        Ok(zlib_rs::Status::Ok) => Code::Ok,
        Ok(zlib_rs::Status::StreamEnd) => Code::StreamEnd,
        Ok(zlib_rs::Status::BufError) => Code::BufError,
        Err(zlib_rs::InflateError::NeedDict { dict_id }) => Code::NeedDict(dict_id),
        Err(zlib_rs::InflateError::DataError) => Code::DataError,
        Err(_) => Code::StreamError,
    }
}

/// `deflateInit2`'s parameter checks, done before zlib-rs (whose constructor panics on what
/// zlib reports as `Z_STREAM_ERROR`).
fn deflate_config(
    level: i32,
    method: i32,
    window_bits: i32,
    mem_level: i32,
    strategy: i32,
) -> Option<zlib_rs::DeflateConfig> {
    let (bits, wrap) = match window_bits {
        -15..=-8 => (-window_bits, 0),
        8..=15 => (window_bits, 1),
        24..=31 => (window_bits - 16, 2),
        _ => return None,
    };
    let valid = method == 8
        && (1..=9).contains(&mem_level)
        && (-1..=9).contains(&level)
        && !(bits == 8 && wrap != 1);
    if !valid {
        return None;
    }
    Some(zlib_rs::DeflateConfig {
        level,
        method: zlib_rs::Method::Deflated,
        window_bits,
        mem_level,
        strategy: zlib_rs::Strategy::try_from(strategy).ok()?,
    })
}

/// `inflateInit2`'s check of the window bits: raw (negative), zlib, gzip (+16) or either
/// (+32); 0 takes the size from the zlib header.
fn inflate_window_valid(window_bits: i32) -> bool {
    let bits = match window_bits {
        ..=-1 => -window_bits,
        0..=47 => window_bits & 15,
        _ => window_bits,
    };
    window_bits >= -15 && (bits == 0 || (8..=15).contains(&bits))
}

fn new_inflate(window_bits: i32) -> Box<zlib_rs::Inflate> {
    // Checked by `inflate_window_valid`: 8..=15 magnitudes, or 0..=47.
    let magnitude = window_bits.unsigned_abs() as u8;
    Box::new(zlib_rs::Inflate::new(window_bits >= 0, magnitude))
}

/// This room's BIFs, in the one calling convention (`bifs::BifCall`).
pub(crate) fn call(call: &mut BifCall<'_>, bif: ZlibBif) -> BifResult {
    let machine = &mut *call.machine;
    let args = call.args;
    if bif == ZlibBif::OpenNif0 {
        return open(machine);
    }
    // Every other NIF takes the stream first: a reference to an open one, used by its
    // controlling process.
    let id = match process::reference_value(machine.memory(), args[0]) {
        Some(id) if machine.host().procs.zlib.streams.contains_key(&id) => id,
        _ => return Err(badarg(&mut machine.host_mut().atoms)),
    };
    let me = machine.host().procs.current.unwrap_or(0);
    if machine.host().procs.zlib.streams[&id].controller != me {
        return Err(error_atom(
            &mut machine.host_mut().atoms,
            "not_on_controlling_process",
        ));
    }
    match bif {
        ZlibBif::OpenNif0 => open(machine),
        ZlibBif::CloseNif1 => close(machine, id),
        ZlibBif::SetControllerNif2 => match term::shape(args[1]) {
            Shape::Pid(pid) => {
                stream_mut(machine.host_mut(), id)?.controller = pid;
                ok(machine.host_mut())
            }
            _ => Err(badarg(&mut machine.host_mut().atoms)),
        },
        ZlibBif::DeflateInitNif6 => deflate_init(machine, id, args),
        ZlibBif::InflateInitNif3 => inflate_init(machine, id, args),
        ZlibBif::DeflateSetDictionaryNif2 | ZlibBif::InflateSetDictionaryNif2 => {
            set_dictionary(machine, id, bif, args[1])
        }
        ZlibBif::InflateGetDictionaryNif1 => {
            require(machine.host_mut(), id, State::Inflate)?;
            Err(Raise::Fault(Fault::Unsupported(
                "zlib:inflateGetDictionary/1 (zlib-rs does not give the window back)".into(),
            )))
        }
        ZlibBif::DeflateResetNif1 | ZlibBif::InflateResetNif1 => reset(machine, id, bif),
        ZlibBif::DeflateEndNif1 | ZlibBif::InflateEndNif1 => end(machine, id, bif),
        ZlibBif::DeflateParamsNif3 => deflate_params(machine, id, args),
        ZlibBif::DeflateNif4 | ZlibBif::InflateNif4 => codec(machine, id, bif, args),
        ZlibBif::Crc32Nif1 => {
            let host = machine.host_mut();
            match stream_mut(host, id)?.codec {
                Codec::Deflate { .. } | Codec::Inflate { .. } => {
                    let crc = host.procs.zlib.streams[&id].crc;
                    Ok(Value::Int(crc.into()))
                }
                _ => Err(error_atom(&mut host.atoms, "not_initialized")),
            }
        }
        ZlibBif::GetStashNif1 => {
            let host = machine.host();
            match host.procs.zlib.streams[&id].stash {
                None => Ok(Value::atom(machine.host_mut().atoms.intern("empty"))),
                Some((stashed, _)) => {
                    let ok_atom = term::atom(machine.host_mut().atoms.intern("ok"));
                    let reply = Part::Tuple(vec![Part::Term(ok_atom), Part::Term(stashed)]);
                    Ok(Value::Term(give(machine, reply)?))
                }
            }
        }
        ZlibBif::ClearStashNif1 => {
            let host = machine.host_mut();
            match stream_mut(host, id)?.stash.take() {
                Some((_, block)) => {
                    release(host, block);
                    ok(host)
                }
                None => Err(error_atom(&mut host.atoms, "error")),
            }
        }
        ZlibBif::SetStashNif2 => {
            if machine.host().procs.zlib.streams[&id].stash.is_some() {
                return Err(error_atom(&mut machine.host_mut().atoms, "error"));
            }
            let stashed =
                process::copy_message(machine, &[Part::Term(args[1])]).map_err(Raise::Fault)?;
            let host = machine.host_mut();
            stream_mut(host, id)?.stash = Some(stashed);
            ok(host)
        }
        ZlibBif::GetBufSizeNif1 => Ok(Value::Int(
            machine.host().procs.zlib.streams[&id].buf_size.into(),
        )),
        ZlibBif::SetBufSizeNif2 => match c_int(args[1]) {
            Some(size) => {
                let host = machine.host_mut();
                stream_mut(host, id)?.buf_size = size.into();
                ok(host)
            }
            None => Err(badarg(&mut machine.host_mut().atoms)),
        },
        ZlibBif::EnqueueNif2 => enqueue(machine, id, args[1]),
    }
}

fn ok(host: &mut Host) -> BifResult {
    Ok(Value::atom(host.atoms.intern("ok")))
}

fn stream_mut(host: &mut Host, id: u64) -> Result<&mut Stream, Raise> {
    host.procs
        .zlib
        .streams
        .get_mut(&id)
        .ok_or(Raise::Fault(Fault::Invariant("zlib: a stream went away")))
}

/// An integer as `enif_get_int` reads one.
fn c_int(t: Term) -> Option<i32> {
    match term::shape(t) {
        Shape::Small(n) => i32::try_from(n).ok(),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    None,
    Deflate,
    Inflate,
}

/// Raises `not_initialized` (or `already_initialized`, for an init) unless the stream is in
/// `state`.
impl State {
    /// The state a deflate (`true`) or inflate NIF needs its stream in.
    fn of(deflating: bool) -> State {
        if deflating {
            State::Deflate
        } else {
            State::Inflate
        }
    }
}

fn require(host: &mut Host, id: u64, state: State) -> Result<(), Raise> {
    let actual = match stream_mut(host, id)?.codec {
        Codec::None => Some(State::None),
        Codec::Deflate { .. } => Some(State::Deflate),
        Codec::Inflate { .. } => Some(State::Inflate),
        Codec::Closed => None,
    };
    if actual == Some(state) {
        return Ok(());
    }
    let reason = if state == State::None {
        "already_initialized"
    } else {
        "not_initialized"
    };
    Err(error_atom(&mut host.atoms, reason))
}

fn open(machine: &mut dyn Machine) -> BifResult {
    let procs = &mut machine.host_mut().procs;
    let controller = procs.current.unwrap_or(0);
    let reference = procs.new_reference();
    procs.zlib.streams.insert(
        reference,
        Stream {
            codec: Codec::None,
            controller,
            input: Vec::new(),
            end_of_stream: EndOfStream::Cut,
            end_seen: false,
            crc: 0,
            raw: false,
            buf_size: DEFAULT_BUF_SIZE,
            stash: None,
        },
    );
    Ok(Value::Reference(reference))
}

fn close(machine: &mut dyn Machine, id: u64) -> BifResult {
    let host = machine.host_mut();
    let stream = stream_mut(host, id)?;
    if matches!(stream.codec, Codec::Closed) {
        return Err(error_atom(&mut host.atoms, "not_initialized"));
    }
    stream.codec = Codec::Closed;
    let stash = stream.stash.take();
    release(host, stash.and_then(|(_, block)| block));
    ok(host)
}

fn deflate_init(machine: &mut dyn Machine, id: u64, args: &[Term]) -> BifResult {
    let host = machine.host_mut();
    let Some([level, method, window_bits, mem_level, strategy]) = args[1..6]
        .iter()
        .map(|&t| c_int(t))
        .collect::<Option<Vec<i32>>>()
        .and_then(|v| <[i32; 5]>::try_from(v).ok())
    else {
        return Err(badarg(&mut host.atoms));
    };
    require(host, id, State::None)?;
    let Some(config) = deflate_config(level, method, window_bits, mem_level, strategy) else {
        return zlib_return(host, Code::StreamError);
    };
    let stream = stream_mut(host, id)?;
    stream.codec = Codec::Deflate(Box::new(Deflater::new(config)));
    stream.end_seen = false;
    stream.raw = window_bits < 0;
    stream.crc = 0;
    ok(host)
}

fn inflate_init(machine: &mut dyn Machine, id: u64, args: &[Term]) -> BifResult {
    let host = machine.host_mut();
    let (Some(window_bits), Some(behaviour)) = (c_int(args[1]), c_int(args[2])) else {
        return Err(badarg(&mut host.atoms));
    };
    require(host, id, State::None)?;
    if !inflate_window_valid(window_bits) {
        return zlib_return(host, Code::StreamError);
    }
    let stream = stream_mut(host, id)?;
    stream.codec = Codec::Inflate {
        stream: new_inflate(window_bits),
        window_bits,
    };
    stream.end_of_stream = match behaviour {
        0 => EndOfStream::Error,
        1 => EndOfStream::Reset,
        _ => EndOfStream::Cut,
    };
    stream.end_seen = false;
    stream.raw = window_bits < 0;
    stream.crc = 0;
    ok(host)
}

fn set_dictionary(machine: &mut dyn Machine, id: u64, bif: ZlibBif, data: Term) -> BifResult {
    let (mem, host) = machine.split();
    let Some(dictionary) = iodata_bytes(Heap::new(mem), data)? else {
        return Err(badarg(&mut host.atoms));
    };
    if bif == ZlibBif::DeflateSetDictionaryNif2 {
        require(host, id, State::Deflate)?;
        let stream = stream_mut(host, id)?;
        let raw = stream.raw;
        let Codec::Deflate(deflater) = &mut stream.codec else {
            return Err(Raise::Fault(Fault::Invariant("zlib: not a deflate stream")));
        };
        // `zlib_nif.c` makes a C `int` of the checksum (so one past 2^31 is negative). A
        // raw stream has no Adler-32 of its own: it reports one of the dictionary (from 0).
        match deflater.stream.set_dictionary(&dictionary) {
            Ok(_) if raw => Ok(Value::Int(
                (zlib_rs::adler32::adler32(0, &dictionary) as i32).into(),
            )),
            Ok(adler) => Ok(Value::Int((adler as i32).into())),
            Err(e) => zlib_return(host, deflate_code(Err(e))),
        }
    } else {
        require(host, id, State::Inflate)?;
        let Codec::Inflate { stream, .. } = &mut stream_mut(host, id)?.codec else {
            return Err(Raise::Fault(Fault::Invariant(
                "zlib: not an inflate stream",
            )));
        };
        let code = match stream.set_dictionary(&dictionary) {
            Ok(_) => Code::Ok,
            Err(e) => inflate_code(Err(e)),
        };
        zlib_return(host, code)
    }
}

fn reset(machine: &mut dyn Machine, id: u64, bif: ZlibBif) -> BifResult {
    let host = machine.host_mut();
    let deflating = bif == ZlibBif::DeflateResetNif1;
    require(host, id, State::of(deflating))?;
    let stream = stream_mut(host, id)?;
    match &mut stream.codec {
        Codec::Deflate(deflater) => deflater.reset(),
        Codec::Inflate {
            stream,
            window_bits,
        } => *stream = new_inflate(*window_bits),
        _ => {}
    }
    stream.crc = 0;
    stream.end_seen = false;
    reset_input(host, id)?;
    ok(host)
}

/// Drops the queued input and the stash (`zlib_reset_input`).
fn reset_input(host: &mut Host, id: u64) -> Result<(), Raise> {
    let stream = stream_mut(host, id)?;
    stream.input.clear();
    let stash = stream.stash.take();
    release(host, stash.and_then(|(_, block)| block));
    Ok(())
}

fn end(machine: &mut dyn Machine, id: u64, bif: ZlibBif) -> BifResult {
    let host = machine.host_mut();
    let deflating = bif == ZlibBif::DeflateEndNif1;
    require(host, id, State::of(deflating))?;
    let stream = stream_mut(host, id)?;
    let unfinished = match stream.codec {
        Codec::Deflate(ref deflater) => deflater.begun && !deflater.finished,
        _ => !stream.end_seen,
    };
    let code = if unfinished || !stream.input.is_empty() {
        Code::DataError
    } else {
        Code::Ok
    };
    stream.codec = Codec::None;
    reset_input(host, id)?;
    zlib_return(host, code)
}

fn deflate_params(machine: &mut dyn Machine, id: u64, args: &[Term]) -> BifResult {
    let host = machine.host_mut();
    let (Some(level), Some(strategy)) = (c_int(args[1]), c_int(args[2])) else {
        return Err(badarg(&mut host.atoms));
    };
    require(host, id, State::Deflate)?;
    if !(-1..=9).contains(&level) || !(0..=4).contains(&strategy) {
        return zlib_return(host, Code::StreamError);
    }
    let strategy = zlib_rs::Strategy::try_from(strategy)
        .map_err(|()| Raise::Fault(Fault::Invariant("zlib: a strategy checked above")))?;
    let Codec::Deflate(deflater) = &mut stream_mut(host, id)?.codec else {
        return Err(Raise::Fault(Fault::Invariant("zlib: not a deflate stream")));
    };
    if deflater.params(level, strategy) {
        ok(host)
    } else {
        zlib_return(host, Code::StreamError)
    }
}

fn enqueue(machine: &mut dyn Machine, id: u64, iovec: Term) -> BifResult {
    let (mem, host) = machine.split();
    let heap = Heap::new(mem);
    // An iovec: a list of binaries.
    let binaries = heap.proper_list(iovec)?;
    match stream_mut(host, id)?.codec {
        Codec::Deflate { .. } | Codec::Inflate { .. } => {}
        _ => return Err(error_atom(&mut host.atoms, "not_initialized")),
    }
    let Some(binaries) = binaries else {
        return Err(badarg(&mut host.atoms));
    };
    let mut bytes = Vec::new();
    for binary in binaries {
        match term::shape(binary) {
            Shape::Boxed(_) => match iodata_bytes(heap, binary)? {
                Some(b) => bytes.extend(b),
                None => return Err(badarg(&mut host.atoms)),
            },
            _ => return Err(badarg(&mut host.atoms)),
        }
    }
    stream_mut(host, id)?.input.extend(bytes);
    ok(host)
}

/// `deflate_nif/4` and `inflate_nif/4` (`zlib_codec`): runs the codec over at most
/// `InputChunkSize` queued bytes into one output buffer of `OutputChunkSize`, then flushes
/// when the queue is empty; `{finished, Output}` when that emptied the queue with room to
/// spare, `{continue, Output}` when there is more, `{need_dictionary, Adler, Output}`.
fn codec(machine: &mut dyn Machine, id: u64, bif: ZlibBif, args: &[Term]) -> BifResult {
    let host = machine.host_mut();
    let (Some(input_limit), Some(output_size), Some(flush)) =
        (c_int(args[1]), c_int(args[2]), c_int(args[3]))
    else {
        return Err(badarg(&mut host.atoms));
    };
    let deflating = bif == ZlibBif::DeflateNif4;
    require(host, id, State::of(deflating))?;
    if input_limit <= 0 || output_size <= 0 {
        return Err(badarg(&mut host.atoms));
    }
    let stream = stream_mut(host, id)?;
    if !deflating && stream.end_seen && !stream.input.is_empty() {
        match stream.end_of_stream {
            EndOfStream::Error => return zlib_return(host, Code::DataError),
            EndOfStream::Reset => {
                if let Codec::Inflate {
                    stream,
                    window_bits,
                } = &mut stream.codec
                {
                    *stream = new_inflate(*window_bits);
                }
                stream.end_seen = false;
            }
            EndOfStream::Cut => reset_input(host, id)?,
        }
    }
    let stream = stream_mut(host, id)?;
    let mut output = vec![0u8; output_size as usize];
    let block = stream.input.len().min(input_limit as usize);
    // The queued input first, without flushing (as `zlib_flush_queue`: nothing when the
    // queue is empty, since a call with no input and a weaker flush is an error in zlib).
    let (mut code, consumed, mut produced) = if block > 0 {
        run_codec(
            &mut stream.codec,
            &stream.input[..block],
            &mut output,
            flush,
            false,
        )
    } else {
        (Code::Ok, 0, 0)
    };
    if stream.raw && deflating {
        stream.crc = zlib_rs::crc32::crc32(stream.crc, &stream.input[..consumed]);
    }
    stream.input.drain(..consumed);
    let remaining = stream.input.len();
    if code == Code::Ok && remaining == 0 && produced < output.len() {
        // The end of the input: flush (a no-op when there is nothing to flush).
        let (flushed, _, more) =
            run_codec(&mut stream.codec, &[], &mut output[produced..], flush, true);
        code = flushed;
        produced += more;
    }
    if matches!(code, Code::StreamError | Code::DataError) {
        return zlib_return(host, code);
    }
    if code == Code::StreamEnd {
        stream.end_seen = true;
    }
    if stream.raw && !deflating {
        stream.crc = zlib_rs::crc32::crc32(stream.crc, &output[..produced]);
    }
    if consumed == 0 && produced == 0 && remaining != 0 {
        // No progress: not well-formed input.
        return zlib_return(host, Code::DataError);
    }
    output.truncate(produced);
    let output = if produced > 0 {
        Value::proper_list(vec![Value::Bitstring {
            bits: 8 * produced as u64,
            data: output,
        }])
    } else {
        Value::Term(term::NIL)
    };
    let atoms = &mut host.atoms;
    if remaining == 0 && produced < output_size as usize {
        return Ok(Value::Tuple(vec![
            Value::atom(atoms.intern("finished")),
            output,
        ]));
    }
    match code {
        Code::NeedDict(adler) => Ok(Value::Tuple(vec![
            Value::atom(atoms.intern("need_dictionary")),
            // A C `int`, as `zlib_nif.c` makes it.
            Value::Int((adler as i32).into()),
            output,
        ])),
        _ => Ok(Value::Tuple(vec![
            Value::atom(atoms.intern("continue")),
            output,
        ])),
    }
}

/// One call of the codec: `(code, bytes consumed, bytes produced)`. `flushing`: the call at
/// the end of the input, with the caller's flush mode (the others do not flush).
fn run_codec(
    codec: &mut Codec,
    input: &[u8],
    output: &mut [u8],
    flush: i32,
    flushing: bool,
) -> (Code, usize, usize) {
    match codec {
        Codec::Deflate(deflater) => {
            let mode = if flushing {
                match zlib_rs::DeflateFlush::try_from(flush) {
                    Ok(mode) => mode,
                    Err(()) => return (Code::StreamError, 0, 0),
                }
            } else {
                zlib_rs::DeflateFlush::NoFlush
            };
            deflater.compress(input, output, mode)
        }
        Codec::Inflate { stream, .. } => {
            let mode = if flushing {
                zlib_rs::InflateFlush::try_from(flush).unwrap_or_default()
            } else {
                zlib_rs::InflateFlush::NoFlush
            };
            let (before_in, before_out) = (stream.total_in(), stream.total_out());
            let code = inflate_code(stream.decompress(input, output, mode));
            let consumed = (stream.total_in() - before_in) as usize;
            (code, consumed, (stream.total_out() - before_out) as usize)
        }
        Codec::None | Codec::Closed => (Code::StreamError, 0, 0),
    }
}

/// Copies `part` into a fragment of the running process: the caller's copy of the stash.
fn give(machine: &mut dyn Machine, part: Part) -> Result<Term, Raise> {
    let (t, block) = process::copy_message(machine, &[part]).map_err(Raise::Fault)?;
    match machine.host_mut().procs.current_process() {
        Some(p) => p.fragments.extend(block),
        None => return Err(Raise::Fault(Fault::Invariant("zlib: no running process"))),
    }
    Ok(t)
}

fn release(host: &mut Host, block: Option<Block>) {
    if let Some(b) = block.filter(|b| !b.is_empty()) {
        host.allocator.release(b.start, b.len());
    }
}

/// Frees the state of the streams `controller` controlled (it has ended): nobody can use
/// them any more.
pub(crate) fn drop_owned(host: &mut Host, controller: u32) {
    let mut stashes = Vec::new();
    for stream in host.procs.zlib.streams.values_mut() {
        if stream.controller == controller {
            stream.codec = Codec::Closed;
            stream.input = Vec::new();
            stashes.extend(stream.stash.take().and_then(|(_, block)| block));
        }
    }
    for block in stashes {
        release(host, Some(block));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_bits_as_zlib_checks_them() {
        for bits in [-15, -8, 8, 15, 24, 31, 40, 47, 0, 16, 32] {
            assert!(inflate_window_valid(bits), "{bits}");
        }
        for bits in [-16, -7, 1, 7, 17, 23, 33, 48] {
            assert!(!inflate_window_valid(bits), "{bits}");
        }
        assert!(deflate_config(-1, 8, 15, 8, 0).is_some());
        assert!(deflate_config(9, 8, 31, 9, 3).is_some());
        assert!(deflate_config(6, 8, -8, 8, 0).is_none());
        assert!(deflate_config(6, 8, 24, 8, 0).is_none());
        assert!(deflate_config(6, 8, 47, 8, 0).is_none());
        assert!(deflate_config(10, 8, 15, 8, 0).is_none());
        assert!(deflate_config(6, 7, 15, 8, 0).is_none());
        assert!(deflate_config(6, 8, 15, 0, 0).is_none());
        assert!(deflate_config(6, 8, 15, 8, 5).is_none());
    }
}
