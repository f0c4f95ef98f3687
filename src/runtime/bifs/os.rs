//! The C parts of `os` (the environment, the process id, the OS's name and version, its
//! clocks) and of `erlang`'s time API beyond the process room's `monotonic_time` and
//! `system_time`: the time offset, `timestamp`, `now`, the calendar conversions between
//! universal and local time, and the time units `erlang:convert_time_unit/3` (Erlang in
//! `erlang.erl`) asks `erts_internal` for.
//!
//! Native time is nanoseconds; the monotonic clock is the process room's
//! (`process::bifs::native_time`), and the performance counter is that clock too. Local time
//! comes from the TZif file of `TZ` (or `/etc/localtime`); see `timezone`. The environment
//! and the process id go through `environment` (the OS's, natively).

use crate::runtime::bifs::badarg;
use std::sync::Mutex;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use super::Raise;
use crate::abi::bifs::OsBif;
use crate::abi::term::{self, Shape, Term};
use crate::runtime::error::Fault;
use crate::runtime::exception::Class;
use crate::runtime::process::bifs::native_time;
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::{Heap, TermError};
use crate::runtime::term::value::Value;

/// Bits an integer result may have (as `bifs::erlang`'s arithmetic allows).
const MAX_INTEGER_BITS: u64 = 1 << 24;

/// Native time units per second.
const NATIVE_PER_SECOND: i64 = 1_000_000_000;

fn chars(text: &str) -> Value {
    Value::proper_list(text.chars().map(|c| Value::small(c as i64)).collect())
}

/// A proper list of code points as text.
fn char_list(heap: Heap<'_>, t: Term) -> Result<Option<String>, TermError> {
    let Some(elements) = heap.proper_list(t)? else {
        return Ok(None);
    };
    Ok(elements
        .iter()
        .map(|&e| match term::shape(e) {
            Shape::Small(c) => u32::try_from(c).ok().and_then(char::from_u32),
            _ => None,
        })
        .collect())
}

/// Units per second of a time unit (`native`, `second`, ..., or a positive integer).
fn time_unit(heap: Heap<'_>, atoms: &AtomTable, t: Term) -> Result<Option<i64>, TermError> {
    Ok(match term::shape(t) {
        Shape::Atom(index) => match atoms.name(index) {
            Some("native" | "perf_counter") => Some(NATIVE_PER_SECOND),
            Some("second" | "seconds") => Some(1),
            Some("millisecond" | "milli_seconds") => Some(1_000),
            Some("microsecond" | "micro_seconds") => Some(1_000_000),
            Some("nanosecond" | "nano_seconds") => Some(1_000_000_000),
            _ => None,
        },
        Shape::Small(n) if n > 0 => Some(n),
        // A bignum unit is no unit a clock can be read in (OTP: badarg).
        _ => heap.integer(t)?.and(None),
    })
}

/// Native time in `per_second` units, rounded toward negative infinity as OTP does.
fn from_native(native: i64, per_second: i64) -> i64 {
    let scaled = native as i128 * per_second as i128;
    scaled.div_euclid(NATIVE_PER_SECOND as i128) as i64
}

pub(crate) fn system_native() -> i64 {
    native_time(false)
}

pub(crate) fn monotonic_native() -> i64 {
    native_time(true)
}

/// `{MegaSecs, Secs, MicroSecs}` of native time since the epoch.
pub(crate) fn timestamp_value(native: i64) -> Value {
    let micros = native.div_euclid(1_000);
    Value::Tuple(vec![
        Value::small(micros.div_euclid(1_000_000_000_000)),
        Value::small(micros.div_euclid(1_000_000).rem_euclid(1_000_000)),
        Value::small(micros.rem_euclid(1_000_000)),
    ])
}

/// `erlang:now/0`: the system time as a timestamp, strictly increasing across calls.
fn now_micros() -> i64 {
    static LAST: Mutex<i64> = Mutex::new(i64::MIN);
    let now = system_native().div_euclid(1_000);
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    *last = now.max(*last + 1);
    *last
}

// ---- calendar ----

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `{{Y, Mo, D}, {H, Mi, S}}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct DateTime {
    date: (i64, i64, i64),
    time: (i64, i64, i64),
}

impl DateTime {
    fn from_seconds(seconds: i64) -> DateTime {
        let days = seconds.div_euclid(86_400);
        let rest = seconds.rem_euclid(86_400);
        DateTime {
            date: civil_from_days(days),
            time: (rest / 3_600, rest / 60 % 60, rest % 60),
        }
    }

    /// Seconds since the epoch (of this date and time read as UTC).
    fn seconds(self) -> i64 {
        let (y, mo, d) = self.date;
        let (h, mi, s) = self.time;
        days_from_civil(y, mo, d) * 86_400 + h * 3_600 + mi * 60 + s
    }

    fn value(self) -> Value {
        let triple = |(a, b, c): (i64, i64, i64)| {
            Value::Tuple(vec![Value::small(a), Value::small(b), Value::small(c)])
        };
        Value::Tuple(vec![triple(self.date), triple(self.time)])
    }
}

/// The local date and time of POSIX time `seconds`, as `{{Y, Mo, D}, {H, Mi, S}}`.
pub(crate) fn local_datetime(seconds: i64) -> Result<Value, crate::runtime::error::Fault> {
    let offset = timezone::offset_at_utc(seconds)?;
    Ok(DateTime::from_seconds(seconds + offset).value())
}

fn small_triple(heap: Heap<'_>, t: Term) -> Result<Option<(i64, i64, i64)>, TermError> {
    let small = |t: Term| match term::shape(t) {
        Shape::Small(v) => Some(v),
        _ => None,
    };
    Ok(match heap.tuple_elements(t)?.as_deref() {
        Some(&[a, b, c]) => small(a)
            .zip(small(b))
            .zip(small(c))
            .map(|((a, b), c)| (a, b, c)),
        _ => None,
    })
}

/// A valid `{{Y, Mo, D}, {H, Mi, S}}` with a year of at least `min_year` (OTP refuses years
/// before 1902 in local/universal conversions, before 1600 in `universaltime_to_posixtime`).
fn datetime_arg(heap: Heap<'_>, t: Term, min_year: i64) -> Result<Option<DateTime>, TermError> {
    let Some(&[date, time]) = heap.tuple_elements(t)?.as_deref() else {
        return Ok(None);
    };
    let (Some(date), Some(time)) = (small_triple(heap, date)?, small_triple(heap, time)?) else {
        return Ok(None);
    };
    let (y, mo, d) = date;
    let (h, mi, s) = time;
    let valid = (min_year..=i64::from(i32::MAX) - 1).contains(&y)
        && (1..=12).contains(&mo)
        && d >= 1
        && d <= days_in_month(y, mo)
        && (0..24).contains(&h)
        && (0..60).contains(&mi)
        && (0..60).contains(&s);
    Ok(valid.then_some(DateTime { date, time }))
}

const LOCAL_MIN_YEAR: i64 = 1902;
/// 0001-01-01T00:00:00Z in seconds since the epoch.
const YEAR_1_POSIX: i64 = -62_135_596_800;
const POSIX_MIN_YEAR: i64 = 1600;

/// Calls an `os`/time BIF with `args` (as many as its arity).
pub(crate) fn eval(
    bif: OsBif,
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    args: &[Term],
) -> Result<Value, Raise> {
    let arg = |i: usize| args.get(i).copied().unwrap_or(term::NIL);
    let (a, b) = (arg(0), arg(1));
    match bif {
        OsBif::OsGetpid0 => match environment::os_pid() {
            Some(pid) => Ok(chars(&pid.to_string())),
            None => Err(Raise::Fault(Fault::Unsupported(
                "os:getpid/0 (this target has no OS process)".into(),
            ))),
        },
        OsBif::OsTimestamp0 | OsBif::Timestamp0 => Ok(timestamp_value(system_native())),
        OsBif::OsSystemTime0 => Ok(Value::Int(system_native().into())),
        OsBif::OsSystemTime1 => match time_unit(heap, atoms, a)? {
            Some(unit) => Ok(Value::Int(from_native(system_native(), unit).into())),
            None => Err(badarg(atoms)),
        },
        OsBif::OsPerfCounter0 => Ok(Value::Int(monotonic_native().into())),
        OsBif::TimeOffset0 => Ok(Value::Int((system_native() - monotonic_native()).into())),
        OsBif::TimeOffset1 => match time_unit(heap, atoms, a)? {
            Some(unit) => Ok(Value::Int(
                from_native(system_native() - monotonic_native(), unit).into(),
            )),
            None => Err(badarg(atoms)),
        },
        OsBif::Now0 => Ok(timestamp_value(now_micros() * 1_000)),
        OsBif::TimeUnit0 | OsBif::PerfCounterUnit0 => Ok(Value::small(NATIVE_PER_SECOND)),
        OsBif::OsEnv0 => Ok(Value::proper_list(
            environment::vars()
                .into_iter()
                .map(|(name, value)| Value::Tuple(vec![chars(&name), chars(&value)]))
                .collect(),
        )),
        OsBif::OsPutenv2 => {
            let (Some(name), Some(value)) = (char_list(heap, a)?, char_list(heap, b)?) else {
                return Err(badarg(atoms));
            };
            if name.contains(['=', '\0']) || value.contains('\0') {
                return Err(badarg(atoms));
            }
            // OTP answers `true` for an empty name (the C library refuses it silently).
            if !name.is_empty() {
                environment::set(&name, &value);
            }
            Ok(Value::boolean(true))
        }
        OsBif::OsUnsetenv1 => {
            let Some(name) = char_list(heap, a)? else {
                return Err(badarg(atoms));
            };
            if name.contains(['=', '\0']) {
                return Err(badarg(atoms));
            }
            if !name.is_empty() {
                environment::remove(&name);
            }
            Ok(Value::boolean(true))
        }
        OsBif::OsType0 => {
            let (family, name) = match std::env::consts::OS {
                "windows" => ("win32", "nt"),
                "macos" => ("unix", "darwin"),
                other => ("unix", other),
            };
            Ok(Value::Tuple(vec![
                Value::atom(atoms.intern(family)),
                Value::atom(atoms.intern(name)),
            ]))
        }
        OsBif::OsVersion0 => {
            let release = std::fs::read_to_string("/proc/sys/kernel/osrelease")
                .map_err(|e| Raise::Fault(Fault::Unsupported(format!("os:version/0 ({e})"))))?;
            // As OTP parses `uname`'s release: the leading digits of the first three parts.
            let mut parts = release.trim().split('.').map(|part| {
                let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
                digits.parse::<i64>().unwrap_or(0)
            });
            let mut next = || Value::small(parts.next().unwrap_or(0));
            Ok(Value::Tuple(vec![next(), next(), next()]))
        }
        OsBif::Date0 | OsBif::Time0 | OsBif::Localtime0 | OsBif::Universaltime0 => {
            let utc = system_native().div_euclid(NATIVE_PER_SECOND);
            let seconds = if bif == OsBif::Universaltime0 {
                utc
            } else {
                utc + timezone::offset_at_utc(utc).map_err(Raise::Fault)?
            };
            let now = DateTime::from_seconds(seconds);
            let triple = |(x, y, z): (i64, i64, i64)| {
                Value::Tuple(vec![Value::small(x), Value::small(y), Value::small(z)])
            };
            Ok(match bif {
                OsBif::Date0 => triple(now.date),
                OsBif::Time0 => triple(now.time),
                _ => now.value(),
            })
        }
        OsBif::UniversaltimeToLocaltime1 => {
            let Some(utc) = datetime_arg(heap, a, LOCAL_MIN_YEAR)? else {
                return Err(badarg(atoms));
            };
            let seconds = utc.seconds();
            let offset = timezone::offset_at_utc(seconds).map_err(Raise::Fault)?;
            Ok(DateTime::from_seconds(seconds + offset).value())
        }
        // Erlang in OTP's `erlang.erl` (which beamwasm does not load): the same arithmetic,
        // rounding toward negative infinity; any positive integer is a unit.
        OsBif::ConvertTimeUnit3 => {
            let unit = |t: Term| -> Result<Option<BigInt>, TermError> {
                Ok(match time_unit(heap, atoms, t)? {
                    Some(per_second) => Some(BigInt::from(per_second)),
                    None => heap.integer(t)?.filter(|n| n.is_positive()),
                })
            };
            let (Some(time), Some(from), Some(to)) = (heap.integer(a)?, unit(b)?, unit(arg(2))?)
            else {
                return Err(badarg(atoms));
            };
            let scaled = time * to;
            if scaled.bits() > MAX_INTEGER_BITS {
                return Err(Raise::Exception {
                    class: Class::Error,
                    reason: Value::atom(atoms.intern("system_limit")),
                });
            }
            let (quotient, remainder) = (&scaled / &from, &scaled % &from);
            // `/` truncates; the divisor is positive, so a negative remainder means round down.
            Ok(Value::Int(if remainder.is_negative() {
                quotient - 1
            } else {
                quotient
            }))
        }
        OsBif::LocaltimeToUniversaltime1 | OsBif::LocaltimeToUniversaltime2 => {
            let is_dst = match term::shape(b) {
                _ if bif == OsBif::LocaltimeToUniversaltime1 => Some(None),
                Shape::Atom(index) => match atoms.name(index) {
                    Some("true") => Some(Some(true)),
                    Some("false") => Some(Some(false)),
                    Some("undefined") => Some(None),
                    _ => None,
                },
                _ => None,
            };
            let (Some(local), Some(is_dst)) = (datetime_arg(heap, a, LOCAL_MIN_YEAR)?, is_dst)
            else {
                return Err(badarg(atoms));
            };
            let seconds = local.seconds();
            let offset = timezone::offset_at_local(seconds, is_dst).map_err(Raise::Fault)?;
            Ok(DateTime::from_seconds(seconds - offset).value())
        }
        OsBif::UniversaltimeToPosixtime1 => match datetime_arg(heap, a, POSIX_MIN_YEAR)? {
            Some(utc) => Ok(Value::Int(utc.seconds().into())),
            None => Err(badarg(atoms)),
        },
        OsBif::PosixtimeToUniversaltime1 => {
            // OTP takes any 64-bit count of seconds. Before the year 1 its calendar arithmetic
            // is its own (it skips days the proleptic Gregorian calendar has): not followed.
            match heap.integer(a)?.as_ref().and_then(BigInt::to_i64) {
                Some(seconds) if seconds < YEAR_1_POSIX => Err(Raise::Fault(Fault::Unsupported(
                    format!("erlang:posixtime_to_universaltime({seconds}), before the year 1"),
                ))),
                Some(seconds) => Ok(DateTime::from_seconds(seconds).value()),
                None => Err(badarg(atoms)),
            }
        }
    }
}

/// The local time zone: UTC offsets from the TZif file of `TZ` (`:path`, an absolute path, or
/// a zone name under `/usr/share/zoneinfo`) or of `/etc/localtime`. No file is UTC, as the C
/// library has it. A time past the file's last transition in a zone that still changes
/// (a TZif footer with daylight-saving rules) is not supported, and says so.
mod timezone {
    use std::sync::OnceLock;

    use crate::runtime::error::Fault;

    #[derive(Debug, Default)]
    struct Zone {
        /// Transition times (UTC seconds), ascending, with the offset in effect from each.
        transitions: Vec<(i64, i64, bool)>,
        /// The offset before the first transition.
        initial: (i64, bool),
        /// The footer's fixed offset, when the zone no longer changes after the table; `None`
        /// when it has daylight-saving rules.
        after: Option<i64>,
    }

    fn zone() -> &'static Zone {
        static ZONE: OnceLock<Zone> = OnceLock::new();
        ZONE.get_or_init(|| {
            let path = match super::environment::var("TZ") {
                Some(tz) if !tz.is_empty() => {
                    let tz = tz.strip_prefix(':').unwrap_or(&tz).to_string();
                    if tz.starts_with('/') {
                        tz
                    } else {
                        format!("/usr/share/zoneinfo/{tz}")
                    }
                }
                _ => "/etc/localtime".to_string(),
            };
            std::fs::read(path)
                .ok()
                .and_then(|bytes| parse(&bytes))
                .unwrap_or(Zone {
                    after: Some(0),
                    ..Zone::default()
                })
        })
    }

    fn be32(b: &[u8], at: usize) -> Option<i64> {
        Some(i32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?) as i64)
    }

    fn be64(b: &[u8], at: usize) -> Option<i64> {
        Some(i64::from_be_bytes(b.get(at..at + 8)?.try_into().ok()?))
    }

    /// A TZif file (RFC 8536): the 64-bit data block of version 2+, else version 1's.
    fn parse(bytes: &[u8]) -> Option<Zone> {
        if bytes.get(..4)? != b"TZif" {
            return None;
        }
        let counts = |at: usize| -> Option<[usize; 6]> {
            let mut c = [0usize; 6];
            for (i, slot) in c.iter_mut().enumerate() {
                *slot = usize::try_from(be32(bytes, at + 20 + 4 * i)?).ok()?;
            }
            Some(c)
        };
        // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
        let v1 = counts(0)?;
        let v1_len = v1[3] * 5 + v1[4] * 6 + v1[5] + v1[2] * 8 + v1[1] + v1[0];
        let (start, c, time_bytes) = if *bytes.get(4)? >= b'2' {
            let at = 44 + v1_len;
            (at + 44, counts(at)?, 8)
        } else {
            (44, v1, 4)
        };
        let [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = c;
        let times_at = start;
        let indices_at = times_at + timecnt * time_bytes;
        let types_at = indices_at + timecnt;
        let mut types = Vec::with_capacity(typecnt);
        for i in 0..typecnt {
            let at = types_at + 6 * i;
            types.push((be32(bytes, at)?, *bytes.get(at + 4)? != 0));
        }
        let mut transitions = Vec::with_capacity(timecnt);
        for i in 0..timecnt {
            let time = if time_bytes == 8 {
                be64(bytes, times_at + 8 * i)?
            } else {
                be32(bytes, times_at + 4 * i)?
            };
            let (offset, dst) = *types.get(*bytes.get(indices_at + i)? as usize)?;
            transitions.push((time, offset, dst));
        }
        let initial = types
            .iter()
            .find(|(_, dst)| !dst)
            .or(types.first())
            .copied()
            .unwrap_or((0, false));
        let footer_at =
            types_at + 6 * typecnt + charcnt + leapcnt * (time_bytes + 4) + isstdcnt + isutcnt;
        let after = if time_bytes == 8 {
            let footer = bytes.get(footer_at..)?;
            let footer = std::str::from_utf8(footer).ok()?.trim_matches('\n');
            fixed_offset(footer)
        } else {
            transitions.last().map(|&(_, offset, _)| offset)
        };
        Some(Zone {
            transitions,
            initial,
            after: after.or(if timecnt == 0 { Some(initial.0) } else { None }),
        })
    }

    /// The UTC offset of a POSIX TZ string without daylight saving (`UTC0`, `<+03>-3`,
    /// `CET-1`); `None` if it has rules.
    fn fixed_offset(tz: &str) -> Option<i64> {
        let rest = if let Some(quoted) = tz.strip_prefix('<') {
            &quoted[quoted.find('>')? + 1..]
        } else {
            tz.trim_start_matches(|c: char| c.is_ascii_alphabetic())
        };
        let (sign, rest) = match rest.as_bytes().first()? {
            b'-' => (1, &rest[1..]),
            b'+' => (-1, &rest[1..]),
            _ => (-1, rest),
        };
        let mut seconds = 0;
        let mut parts = rest.split(':');
        for (unit, part) in [3600, 60, 1].into_iter().zip(parts.by_ref()) {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            seconds += unit * part.parse::<i64>().ok()?;
        }
        // POSIX offsets are west of Greenwich: `CET-1` is UTC+1.
        parts.next().is_none().then_some(sign * seconds)
    }

    fn unsupported(what: &str) -> Fault {
        Fault::Unsupported(format!(
            "local time {what} after the last transition of a time zone with daylight-saving rules"
        ))
    }

    /// The local zone's offset at `utc` (seconds since the epoch).
    pub(super) fn offset_at_utc(utc: i64) -> Result<i64, Fault> {
        zone().offset_at_utc(utc)
    }

    /// The offset to subtract from a local time (read as UTC seconds) to get UTC, as
    /// `mktime` with `tm_isdst` (`is_dst`) computes it.
    pub(super) fn offset_at_local(local: i64, is_dst: Option<bool>) -> Result<i64, Fault> {
        zone().offset_at_local(local, is_dst)
    }

    impl Zone {
        fn offset_at_utc(&self, utc: i64) -> Result<i64, Fault> {
            Ok(self.reading_at_utc(utc)?.0)
        }

        /// The offset in effect at `utc` and whether it is daylight-saving time.
        fn reading_at_utc(&self, utc: i64) -> Result<(i64, bool), Fault> {
            match self.transitions.partition_point(|&(t, _, _)| t <= utc) {
                0 => Ok(self.initial),
                n if n == self.transitions.len() => match self.after {
                    Some(offset) => Ok((offset, false)),
                    None => Err(unsupported("conversion")),
                },
                n => {
                    let (_, offset, dst) = self.transitions[n - 1];
                    Ok((offset, dst))
                }
            }
        }

        /// As the C library's `mktime` with `tm_isdst` 1, 0 or -1 (`is_dst`), which OTP
        /// calls: the reading of the local time (standard time where it is ambiguous; in a
        /// gap, the offset from before it), then moved by an hour when the caller insists on
        /// the other kind of time (even in a zone without daylight saving).
        fn offset_at_local(&self, local: i64, is_dst: Option<bool>) -> Result<i64, Fault> {
            let mut readings: Vec<(i64, bool)> = vec![self.initial];
            readings.extend(self.transitions.iter().map(|&(_, o, d)| (o, d)));
            if let Some(after) = self.after {
                readings.push((after, false));
            }
            readings.sort();
            readings.dedup();
            let mut candidates = Vec::new();
            for reading in readings {
                if self.reading_at_utc(local - reading.0)? == reading {
                    candidates.push(reading);
                }
            }
            let auto = match candidates.iter().find(|c| !c.1).or(candidates.first()) {
                Some(&reading) => reading,
                None => {
                    let guess = self.offset_at_utc(local)?;
                    self.reading_at_utc(local - guess)?
                }
            };
            Ok(match is_dst {
                Some(true) if !auto.1 => auto.0 + 3600,
                Some(false) if auto.1 => auto.0 - 3600,
                _ => auto.0,
            })
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn posix_fixed_offsets() {
            assert_eq!(fixed_offset("UTC0"), Some(0));
            assert_eq!(fixed_offset("<+03>-3"), Some(3 * 3600));
            assert_eq!(fixed_offset("EST5"), Some(-5 * 3600));
            assert_eq!(fixed_offset("<+0545>-5:45"), Some(5 * 3600 + 45 * 60));
            assert_eq!(fixed_offset("CET-1CEST,M3.5.0,M10.5.0/3"), None);
        }

        /// A zone with daylight saving, from the system's tz database when it has one.
        #[test]
        fn paris_summer_and_winter() {
            let Ok(bytes) = std::fs::read("/usr/share/zoneinfo/Europe/Paris") else {
                return;
            };
            let zone = parse(&bytes).expect("a TZif file");
            // 2021-07-14 12:00 UTC and 2021-01-14 12:00 UTC.
            assert_eq!(zone.offset_at_utc(1_626_264_000).unwrap(), 7200);
            assert_eq!(zone.offset_at_utc(1_610_625_600).unwrap(), 3600);
            assert_eq!(
                zone.offset_at_local(1_626_264_000 + 7200, None).unwrap(),
                7200
            );
            // 2021-10-31 02:30 local happens twice: summer time or winter time (winter when
            // not told).
            let repeated = 1_635_647_400;
            assert_eq!(zone.offset_at_local(repeated, Some(true)).unwrap(), 7200);
            assert_eq!(zone.offset_at_local(repeated, Some(false)).unwrap(), 3600);
            assert_eq!(zone.offset_at_local(repeated, None).unwrap(), 3600);
            // 2021-03-28 02:30 local does not exist: read with the offset before the gap.
            assert_eq!(zone.offset_at_local(1_616_898_600, None).unwrap(), 3600);
            // Insisting on summer time in winter moves by an hour, as mktime does.
            assert_eq!(
                zone.offset_at_local(1_610_625_600, Some(true)).unwrap(),
                7200
            );
            assert!(parse(b"TZif").is_none());
            assert!(parse(b"nonsense").is_none());
        }
    }
}

/// The OS environment and process id. On `wasm32-unknown-unknown`, where `std::env::var`
/// finds nothing and listing, setting or removing a variable or asking for the process id
/// panics, the environment is the runtime's own (empty at start, shared by every VM in the
/// instance, as an OS process's is) and there is no process id.
pub(crate) mod environment {
    /// The value of variable `name`, if it is set (and is UTF-8).
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    pub fn var(name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    /// Every variable, as text.
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    pub fn vars() -> Vec<(String, String)> {
        std::env::vars_os()
            .map(|(name, value)| {
                (
                    name.to_string_lossy().into_owned(),
                    value.to_string_lossy().into_owned(),
                )
            })
            .collect()
    }

    /// Sets `name` (non-empty, without `=` or NUL; `value` without NUL).
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    pub fn set(name: &str, value: &str) {
        std::env::set_var(name, value);
    }

    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    pub fn remove(name: &str) {
        std::env::remove_var(name);
    }

    /// The OS process id.
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    pub fn os_pid() -> Option<u32> {
        Some(std::process::id())
    }

    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    static VARIABLES: std::sync::Mutex<std::collections::BTreeMap<String, String>> =
        std::sync::Mutex::new(std::collections::BTreeMap::new());

    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    fn variables() -> std::sync::MutexGuard<'static, std::collections::BTreeMap<String, String>> {
        VARIABLES.lock().unwrap_or_else(|e| e.into_inner())
    }

    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    pub fn var(name: &str) -> Option<String> {
        variables().get(name).cloned()
    }

    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    pub fn vars() -> Vec<(String, String)> {
        variables()
            .iter()
            .map(|(n, v)| (n.clone(), v.clone()))
            .collect()
    }

    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    pub fn set(name: &str, value: &str) {
        variables().insert(name.to_string(), value.to_string());
    }

    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    pub fn remove(name: &str) {
        variables().remove(name);
    }

    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    pub fn os_pid() -> Option<u32> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip() {
        for days in [-800_000, -719_468, -1, 0, 1, 10_957, 19_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(10_957), (2000, 1, 1));
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }

    #[test]
    fn units_round_toward_negative_infinity() {
        assert_eq!(from_native(-1, 1), -1);
        assert_eq!(from_native(1_999_999_999, 1), 1);
        assert_eq!(from_native(-1_999_999_999, 1000), -2000);
    }
}
