//! Float BIFs: `float/1`, `trunc`/`round`/`floor`/`ceil`, `float_to_list/1,2`,
//! `float_to_binary/1,2`, `list_to_float/1`, `binary_to_float/1` and the `math` module's BIFs, with OTP's errors (`badarg` for a bad
//! argument, `badarith` for a result that is not a finite float).

use num_bigint::BigInt;
use num_traits::FromPrimitive;

use crate::abi::bifs::FloatBif;

use crate::abi::term::{self, Shape, Term};
use crate::runtime::bifs::error_atom;
use crate::runtime::bifs::Raise;
use crate::runtime::exception::Class;
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::{Boxed, Heap};
use crate::runtime::term::print::format_float;
use crate::runtime::term::value::Value;

/// A number argument: `Ok(Err(i))` for an integer, `Ok(Ok(f))` for a float, `None` otherwise.
enum Num {
    Int(BigInt),
    Float(f64),
}

fn number(heap: Heap<'_>, t: Term) -> Result<Option<Num>, Raise> {
    if let Some(i) = heap.integer(t)? {
        return Ok(Some(Num::Int(i)));
    }
    if let Shape::Boxed(address) = term::shape(t) {
        if let Boxed::Float(bits) = heap.boxed(t, address)? {
            return Ok(Some(Num::Float(f64::from_bits(bits))));
        }
    }
    Ok(None)
}

fn as_f64(n: &Num) -> f64 {
    match n {
        Num::Int(i) => crate::runtime::term::value::integer_to_f64(i),
        Num::Float(f) => *f,
    }
}

fn float_value(atoms: &mut AtomTable, f: f64) -> Result<Value, Raise> {
    if f.is_finite() {
        Ok(Value::Float(f))
    } else {
        Err(error_atom(atoms, "badarith"))
    }
}

fn chars(text: &str) -> Value {
    Value::proper_list(text.bytes().map(|b| Value::small(b as i64)).collect())
}

/// `"%.{digits}e"` as C's printf writes it (`1.50e+00`).
fn scientific(value: f64, digits: usize) -> String {
    let text = format!("{value:.digits$e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exponent.abs())
}

/// `float_to_list(F, [{decimals, N} | compact?])` as OTP 25's `sys_double_to_chars_fast`:
/// below 2^53 and with fewer than 19 decimals the fraction is rounded half away from zero in
/// double arithmetic (`0.125` -> `"0.13"`, `2.5` -> `"3"`), and `compact`
/// applies only with decimals; otherwise C's `"%.*f"` (exact), whose text must fit OTP's
/// 256-byte buffer and which `compact` strips of every trailing zero (`1.0e16` -> `"1"`).
fn fixed(value: f64, decimals: usize, compact: bool) -> Option<String> {
    // `find_first_trailing_zero`: drop trailing zeros, but keep one after a '.'.
    fn strip(text: &mut String) {
        while text.ends_with('0') {
            text.pop();
        }
        if text.ends_with('.') {
            text.push('0');
        }
    }
    let magnitude = value.abs();
    if magnitude > (1u64 << 53) as f64 || decimals >= 19 {
        let mut text = format!("{value:.decimals$}");
        if text.len() > 255 {
            return None;
        }
        if compact {
            strip(&mut text);
        }
        return Some(text);
    }
    let sign = if value.is_sign_negative() { "-" } else { "" };
    if decimals == 0 {
        return Some(format!("{sign}{}", magnitude.round() as u64));
    }
    let scale = 10f64.powi(decimals as i32);
    let whole = magnitude.floor();
    let fraction = ((magnitude - whole) * scale).round();
    let (whole, fraction) = if fraction >= scale {
        (whole as u64 + 1, 0)
    } else {
        (whole as u64, fraction as u64)
    };
    let mut text = format!("{sign}{whole}.{fraction:0decimals$}");
    if compact {
        strip(&mut text);
    }
    Some(text)
}

/// `float_to_list(F, Options)`'s text, or `None` for bad options. As in OTP's `do_float_to`:
/// options apply left to right, the last of `short`, `{decimals, N}` and `{scientific, N}`
/// picks the style, and `N` is only checked for that last one (`N` is any integer OTP holds
/// as a small, truncated to a C `int`); a negative `{scientific, N}` is printf's default of 6.
fn float_text(
    heap: Heap<'_>,
    atoms: &AtomTable,
    value: f64,
    options: Term,
) -> Result<Option<String>, Raise> {
    enum Style {
        Scientific,
        Decimals,
        Short,
    }
    let mut style = Style::Scientific;
    let mut digits: i32 = 20;
    let mut compact = false;
    let mut rest = options;
    loop {
        match term::shape(rest) {
            Shape::Nil => break,
            Shape::Cons(cell) => {
                let (option, tail) = heap.cons(cell)?;
                rest = tail;
                match term::shape(option) {
                    Shape::Atom(a) => match atoms.name(a) {
                        Some("compact") => compact = true,
                        Some("short") => style = Style::Short,
                        _ => return Ok(None),
                    },
                    Shape::Boxed(address) => {
                        let Boxed::Tuple { arity: 2, elements } = heap.boxed(option, address)?
                        else {
                            return Ok(None);
                        };
                        let key = heap.word(elements)?;
                        // OTP takes a small integer (60 bits) here, as beamwasm holds one.
                        let Shape::Small(n) = term::shape(heap.word(elements + term::word(1))?)
                        else {
                            return Ok(None);
                        };
                        let name = match term::shape(key) {
                            Shape::Atom(a) => atoms.name(a),
                            _ => None,
                        };
                        style = match name {
                            Some("scientific") => Style::Scientific,
                            Some("decimals") => Style::Decimals,
                            _ => return Ok(None),
                        };
                        digits = n as i32;
                    }
                    _ => return Ok(None),
                }
            }
            _ => return Ok(None),
        }
    }
    // OTP formats into a 256-byte buffer: a longer text (before `compact`) is a `badarg`.
    let fits = |text: String| Some(text).filter(|t| t.len() <= 255);
    Ok(match style {
        Style::Scientific if digits > 249 => None,
        Style::Scientific => fits(scientific(value, digits.try_into().unwrap_or(6))),
        Style::Short => Some(format_float(value)),
        Style::Decimals => {
            let Some(n) = usize::try_from(digits).ok().filter(|&n| n <= 253) else {
                return Ok(None);
            };
            fixed(value, n, compact)
        }
    })
}

/// Erlang's float syntax: `[+-]digits.digits[(e|E)[+-]digits]`.
fn parse_float(text: &str) -> Option<f64> {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = mantissa.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) {
        return None;
    }
    if let Some(e) = exponent {
        if !digits(e.strip_prefix(['+', '-']).unwrap_or(e)) {
            return None;
        }
    }
    text.parse::<f64>().ok().filter(|f| f.is_finite())
}

fn char_list(heap: Heap<'_>, t: Term) -> Result<Option<String>, Raise> {
    let mut text = String::new();
    let mut rest = t;
    loop {
        match term::shape(rest) {
            Shape::Nil => return Ok(Some(text)),
            Shape::Cons(cell) => {
                let (head, tail) = heap.cons(cell)?;
                match term::shape(head) {
                    Shape::Small(c) if (0..=0x10FFFF).contains(&c) => {
                        text.push(char::from_u32(c as u32).unwrap_or('\u{FFFD}'))
                    }
                    _ => return Ok(None),
                }
                rest = tail;
            }
            _ => return Ok(None),
        }
    }
}

// OTP's `math:asinh/acosh/atanh` are the C library's; Rust's `f64::asinh/acosh/atanh` are
// computed differently (and overflow for huge arguments). These are glibc's algorithms
// (fdlibm's `s_asinh.c`, `e_acosh.c`, and glibc's `e_atanh.c`) on the same `log`/`log1p`, so
// the results are bit-identical to `erl`'s on glibc.

/// `math:erf/1` and `erfc/1`: the C library's, as OTP calls them (the standard library has
/// no error function).
fn erf(x: f64) -> f64 {
    // SAFETY: a pure function of the C math library, which the standard library links.
    unsafe { c_math::erf(x) }
}

fn erfc(x: f64) -> f64 {
    // SAFETY: as `erf`.
    unsafe { c_math::erfc(x) }
}

mod c_math {
    extern "C" {
        pub fn erf(x: f64) -> f64;
        pub fn erfc(x: f64) -> f64;
    }
}

fn high_word(x: f64) -> u32 {
    (x.to_bits() >> 32) as u32
}

fn asinh(x: f64) -> f64 {
    let ix = high_word(x) & 0x7fff_ffff;
    if ix < 0x3e30_0000 {
        return x; // |x| < 2^-28
    }
    let xa = x.abs();
    let w = if ix > 0x41b0_0000 {
        if ix >= 0x7ff0_0000 {
            return x + x;
        }
        xa.ln() + std::f64::consts::LN_2
    } else if ix > 0x4000_0000 {
        (2.0 * xa + 1.0 / ((xa * xa + 1.0).sqrt() + xa)).ln()
    } else {
        let t = xa * xa;
        (xa + t / (1.0 + (1.0 + t).sqrt())).ln_1p()
    };
    w.copysign(x)
}

fn acosh(x: f64) -> f64 {
    let hx = high_word(x) as i32;
    let lx = x.to_bits() as u32;
    if hx < 0x3ff0_0000 {
        f64::NAN
    } else if hx >= 0x41b0_0000 {
        if hx >= 0x7ff0_0000 {
            x + x
        } else {
            x.ln() + std::f64::consts::LN_2
        }
    } else if hx == 0x3ff0_0000 && lx == 0 {
        0.0
    } else if hx > 0x4000_0000 {
        (2.0 * x - 1.0 / (x + (x * x - 1.0).sqrt())).ln()
    } else {
        let t = x - 1.0;
        (t + (2.0 * t + t * t).sqrt()).ln_1p()
    }
}

fn atanh(x: f64) -> f64 {
    let xa = x.abs();
    let t = if xa < 0.5 {
        if xa < f64::from_bits(0x3e30_0000_0000_0000) {
            return x; // |x| < 2^-28
        }
        let t = xa + xa;
        0.5 * (t + t * xa / (1.0 - xa)).ln_1p()
    } else if xa < 1.0 {
        0.5 * ((xa + xa) / (1.0 - xa)).ln_1p()
    } else if xa > 1.0 {
        return f64::NAN;
    } else {
        return x / 0.0;
    };
    t.copysign(x)
}

/// Calls a float BIF (one of `Bif::is_float_bif`).
pub(crate) fn eval(
    bif: FloatBif,
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    args: &[Term],
) -> Result<Value, Raise> {
    let arg = |i: usize| args.get(i).copied().unwrap_or(term::NIL);
    let numbers = |atoms: &mut AtomTable, heap: Heap<'_>, n: usize| -> Result<Vec<f64>, Raise> {
        let mut out = Vec::new();
        for i in 0..n {
            match number(heap, arg(i))? {
                Some(x) => out.push(as_f64(&x)),
                None => return Err(error_atom(atoms, "badarg")),
            }
        }
        Ok(out)
    };
    match bif {
        FloatBif::Float => match number(heap, arg(0))? {
            Some(Num::Float(f)) => Ok(Value::Float(f)),
            Some(Num::Int(i)) => match Some(crate::runtime::term::value::integer_to_f64(&i))
                .filter(|f| f.is_finite())
            {
                Some(f) => Ok(Value::Float(f)),
                None => Err(error_atom(atoms, "badarg")),
            },
            None => Err(error_atom(atoms, "badarg")),
        },
        FloatBif::Trunc | FloatBif::Round | FloatBif::Floor | FloatBif::Ceil => {
            match number(heap, arg(0))? {
                Some(Num::Int(i)) => Ok(Value::Int(i)),
                Some(Num::Float(f)) => {
                    let r = match bif {
                        FloatBif::Trunc => f.trunc(),
                        FloatBif::Round => f.round(),
                        FloatBif::Floor => f.floor(),
                        _ => f.ceil(),
                    };
                    BigInt::from_f64(r)
                        .map(Value::Int)
                        .ok_or_else(|| error_atom(atoms, "badarg"))
                }
                None => Err(error_atom(atoms, "badarg")),
            }
        }
        FloatBif::FloatToList
        | FloatBif::FloatToList2
        | FloatBif::FloatToBinary1
        | FloatBif::FloatToBinary2 => {
            let Some(Num::Float(f)) = number(heap, arg(0))? else {
                return Err(error_atom(atoms, "badarg"));
            };
            let options = if matches!(bif, FloatBif::FloatToList | FloatBif::FloatToBinary1) {
                term::NIL
            } else {
                arg(1)
            };
            match float_text(heap, atoms, f, options)? {
                Some(text) if matches!(bif, FloatBif::FloatToList | FloatBif::FloatToList2) => {
                    Ok(chars(&text))
                }
                Some(text) => Ok(Value::Bitstring {
                    bits: 8 * text.len() as u64,
                    data: text.into_bytes(),
                }),
                None => Err(error_atom(atoms, "badarg")),
            }
        }
        FloatBif::ListToFloat => match char_list(heap, arg(0))?.as_deref().and_then(parse_float) {
            Some(f) => Ok(Value::Float(f)),
            None => Err(error_atom(atoms, "badarg")),
        },
        FloatBif::BinaryToFloat1 => {
            let text = match crate::runtime::data::bits::view(heap, arg(0))? {
                Some(v) if v.size.is_multiple_of(8) => {
                    String::from_utf8(crate::runtime::data::bits::extract(heap, &v)?).ok()
                }
                _ => None,
            };
            match text.as_deref().and_then(parse_float) {
                Some(f) => Ok(Value::Float(f)),
                None => Err(error_atom(atoms, "badarg")),
            }
        }
        FloatBif::StringListToFloat1 => {
            use super::erlang::{digits_end, error_tuple, number_prefix};
            let Some(prefix) = number_prefix(heap, arg(0))? else {
                return Ok(error_tuple(atoms, "not_a_list"));
            };
            // [sign] digits `.` digits [(`e`|`E`) [sign] digits]: an exponent without digits
            // is left in the rest.
            let text = &prefix.text;
            let sign = usize::from(matches!(text.first(), Some(b'+' | b'-')));
            let whole = digits_end(text, sign);
            let fraction = digits_end(text, whole + 1);
            if whole == sign || text.get(whole) != Some(&b'.') || fraction == whole + 1 {
                return Ok(error_tuple(atoms, "no_float"));
            }
            let mut end = fraction;
            if matches!(text.get(end), Some(b'e' | b'E')) {
                let exponent_sign = usize::from(matches!(text.get(end + 1), Some(b'+' | b'-')));
                let exponent = digits_end(text, end + 1 + exponent_sign);
                if exponent > end + 1 + exponent_sign {
                    end = exponent;
                }
            }
            let value = std::str::from_utf8(&text[..end])
                .ok()
                .and_then(|t| t.parse::<f64>().ok())
                .filter(|f| f.is_finite());
            match value {
                Some(f) => Ok(Value::Tuple(vec![
                    Value::Float(f),
                    Value::Term(prefix.rests[end]),
                ])),
                None => Ok(error_tuple(atoms, "no_float")),
            }
        }
        FloatBif::MathPi => Ok(Value::Float(std::f64::consts::PI)),
        _ => {
            let unary: Option<fn(f64) -> f64> = match bif {
                FloatBif::MathSqrt => Some(f64::sqrt),
                FloatBif::MathSin => Some(f64::sin),
                FloatBif::MathCos => Some(f64::cos),
                FloatBif::MathTan => Some(f64::tan),
                FloatBif::MathAsin => Some(f64::asin),
                FloatBif::MathAcos => Some(f64::acos),
                FloatBif::MathAtan => Some(f64::atan),
                FloatBif::MathSinh => Some(f64::sinh),
                FloatBif::MathCosh => Some(f64::cosh),
                FloatBif::MathTanh => Some(f64::tanh),
                FloatBif::MathAsinh => Some(asinh),
                FloatBif::MathAcosh => Some(acosh),
                FloatBif::MathAtanh => Some(atanh),
                FloatBif::MathExp => Some(f64::exp),
                FloatBif::MathLog => Some(f64::ln),
                FloatBif::MathLog2 => Some(f64::log2),
                FloatBif::MathLog10 => Some(f64::log10),
                FloatBif::MathFloor => Some(f64::floor),
                FloatBif::MathCeil => Some(f64::ceil),
                FloatBif::MathErf => Some(erf),
                FloatBif::MathErfc => Some(erfc),
                _ => None,
            };
            if let Some(f) = unary {
                let x = numbers(atoms, heap, 1)?;
                return float_value(atoms, f(x[0]));
            }
            let binary: Option<fn(f64, f64) -> f64> = match bif {
                FloatBif::MathPow => Some(f64::powf),
                FloatBif::MathAtan2 => Some(f64::atan2),
                FloatBif::MathFmod => Some(|a, b| a % b),
                _ => None,
            };
            match binary {
                Some(f) => {
                    let x = numbers(atoms, heap, 2)?;
                    float_value(atoms, f(x[0], x[1]))
                }
                None => Err(Raise::Exception {
                    class: Class::Error,
                    reason: Value::atom(atoms.intern("undef")),
                }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_hyperbolics_match_glibc() {
        // Values from OTP 25 on glibc 2.36 (found by tests/bif_fuzz.rs).
        assert_eq!(asinh(-f64::MAX), -710.4758600739439);
        assert_eq!(asinh(106608649.9786012), 19.177822391228496);
        assert_eq!(asinh(0.0), 0.0);
        assert_eq!(acosh(1.0), 0.0);
        assert!(acosh(0.5).is_nan() && atanh(2.0).is_nan());
        assert_eq!(atanh(1.0), f64::INFINITY);
    }

    #[test]
    fn fixed_decimals_match_otp_25() {
        // From `float_to_list(F, [{decimals, D}] ++ compact?)` on OTP 25.
        let cases = [
            (100.0, 0, true, "100"),
            (1.5, 0, false, "2"),
            (2.5, 0, false, "3"),
            (0.125, 2, false, "0.13"),
            (1.005, 2, true, "1.0"),
            (0.045, 2, false, "0.05"),
            (1.0e16, 0, true, "1"),
            (1.0e16, 0, false, "10000000000000000"),
            (2.675, 2, false, "2.67"),
            (1.0e-10, 5, true, "0.0"),
            (123.456, 1, false, "123.5"),
            (-0.0, 3, false, "-0.000"),
            (-0.0, 0, false, "-0"),
        ];
        for (value, decimals, compact, text) in cases {
            assert_eq!(
                fixed(value, decimals, compact).as_deref(),
                Some(text),
                "{value} {decimals} {compact}"
            );
        }
        assert_eq!(fixed(-1.0, 253, false), None);
    }

    #[test]
    fn scientific_matches_printf() {
        assert_eq!(scientific(1.5, 20), "1.50000000000000000000e+00");
        assert_eq!(scientific(-0.000123, 3), "-1.230e-04");
        assert_eq!(scientific(1e300, 2), "1.00e+300");
    }

    #[test]
    fn float_syntax_is_erlangs() {
        assert_eq!(parse_float("1.5"), Some(1.5));
        assert_eq!(parse_float("-2.0e3"), Some(-2000.0));
        assert_eq!(parse_float("+1.0E-2"), Some(0.01));
        for bad in ["1", "1.", ".5", "1e5", "1.0e", "abc", "1.0e999", " 1.0"] {
            assert_eq!(parse_float(bad), None, "{bad}");
        }
    }
}
