//! The NIFs of OTP's `crypto` that programs reach for — hashes (`hash/2`, `hash_init/1`,
//! `hash_update/2`, `hash_final/1`, `hash_info/1`), HMAC (`mac/4`), `exor/2` and
//! `strong_rand_bytes/1` —
//! under OTP's own `crypto.erl`, which does the argument checks and error rewriting around them.
//! Digests come from RustCrypto's crates (pure Rust). Other algorithms fail as OpenSSL builds
//! without them do: `notsup`, or a `badarg` naming the bad argument, in the shape `crypto.erl`
//! turns into OTP's `{badarg, {File, Line}, Message}` errors.

use hmac::{Hmac, Mac};
use sha2::digest::DynDigest;

use crate::abi::bifs::CryptoBif;
use crate::abi::term::{self, Shape, Term};
use crate::runtime::bifs::badarg;
use crate::runtime::bifs::Raise;
use crate::runtime::exception::Class;
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::Heap;
use crate::runtime::term::value::Value;

use super::bits::{bytes_value, iodata_bytes};

/// A hash algorithm `crypto` names, with what `hash_info/1` reports (OpenSSL's numeric id, the
/// digest and block sizes in bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Algorithm {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
    Sha3_224,
    Sha3_256,
    Sha3_384,
    Sha3_512,
}

const ALGORITHMS: [(&str, Algorithm); 10] = [
    ("md5", Algorithm::Md5),
    ("sha", Algorithm::Sha1),
    ("sha224", Algorithm::Sha224),
    ("sha256", Algorithm::Sha256),
    ("sha384", Algorithm::Sha384),
    ("sha512", Algorithm::Sha512),
    ("sha3_224", Algorithm::Sha3_224),
    ("sha3_256", Algorithm::Sha3_256),
    ("sha3_384", Algorithm::Sha3_384),
    ("sha3_512", Algorithm::Sha3_512),
];

impl Algorithm {
    fn named(atoms: &AtomTable, t: Term) -> Option<Algorithm> {
        let name = match term::shape(t) {
            Shape::Atom(index) => atoms.name(index)?,
            _ => return None,
        };
        ALGORITHMS.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
    }

    fn name(self) -> &'static str {
        ALGORITHMS
            .iter()
            .find(|(_, a)| *a == self)
            .map_or("", |(n, _)| n)
    }

    /// `(OpenSSL id, digest bytes, block bytes)`.
    fn info(self) -> (i64, i64, i64) {
        match self {
            Algorithm::Md5 => (4, 16, 64),
            Algorithm::Sha1 => (64, 20, 64),
            Algorithm::Sha224 => (675, 28, 64),
            Algorithm::Sha256 => (672, 32, 64),
            Algorithm::Sha384 => (673, 48, 128),
            Algorithm::Sha512 => (674, 64, 128),
            Algorithm::Sha3_224 => (1096, 28, 144),
            Algorithm::Sha3_256 => (1097, 32, 136),
            Algorithm::Sha3_384 => (1098, 48, 104),
            Algorithm::Sha3_512 => (1099, 64, 72),
        }
    }

    fn digest(self, data: &[u8]) -> Vec<u8> {
        let mut hasher: Box<dyn DynDigest> = match self {
            Algorithm::Md5 => Box::new(md5::Md5::default()),
            Algorithm::Sha1 => Box::new(sha1::Sha1::default()),
            Algorithm::Sha224 => Box::new(sha2::Sha224::default()),
            Algorithm::Sha256 => Box::new(sha2::Sha256::default()),
            Algorithm::Sha384 => Box::new(sha2::Sha384::default()),
            Algorithm::Sha512 => Box::new(sha2::Sha512::default()),
            Algorithm::Sha3_224 => Box::new(sha3::Sha3_224::default()),
            Algorithm::Sha3_256 => Box::new(sha3::Sha3_256::default()),
            Algorithm::Sha3_384 => Box::new(sha3::Sha3_384::default()),
            Algorithm::Sha3_512 => Box::new(sha3::Sha3_512::default()),
        };
        hasher.update(data);
        hasher.finalize().to_vec()
    }

    fn hmac(self, key: &[u8], data: &[u8]) -> Vec<u8> {
        fn run<M: Mac + hmac::digest::KeyInit>(key: &[u8], data: &[u8]) -> Vec<u8> {
            // HMAC takes keys of any length.
            let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(key)
                .expect("HMAC accepts every key length");
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        match self {
            Algorithm::Md5 => run::<Hmac<md5::Md5>>(key, data),
            Algorithm::Sha1 => run::<Hmac<sha1::Sha1>>(key, data),
            Algorithm::Sha224 => run::<Hmac<sha2::Sha224>>(key, data),
            Algorithm::Sha256 => run::<Hmac<sha2::Sha256>>(key, data),
            Algorithm::Sha384 => run::<Hmac<sha2::Sha384>>(key, data),
            Algorithm::Sha512 => run::<Hmac<sha2::Sha512>>(key, data),
            Algorithm::Sha3_224 => run::<Hmac<sha3::Sha3_224>>(key, data),
            Algorithm::Sha3_256 => run::<Hmac<sha3::Sha3_256>>(key, data),
            Algorithm::Sha3_384 => run::<Hmac<sha3::Sha3_384>>(key, data),
            Algorithm::Sha3_512 => run::<Hmac<sha3::Sha3_512>>(key, data),
        }
    }
}

/// The error a crypto NIF raises: `{Id, #{c_file_name, c_file_line_num, c_function_arg_num},
/// Message}`, which `crypto.erl` rewrites into `{Id, {File, Line}, Message}` with the
/// argument's number in the error info (as OTP 25's NIFs raise them).
fn nif_error(atoms: &mut AtomTable, id: &str, at: (&str, i64), arg: i64, message: &str) -> Raise {
    let text = |s: &str| Value::proper_list(s.bytes().map(|b| Value::small(b.into())).collect());
    let keys = ["c_file_line_num", "c_file_name", "c_function_arg_num"]
        .map(|k| Value::atom(atoms.intern(k)));
    Raise::Exception {
        class: Class::Error,
        reason: Value::Tuple(vec![
            Value::atom(atoms.intern(id)),
            Value::FlatMap(
                Box::new(Value::Tuple(keys.to_vec())),
                vec![Value::small(at.1), text(at.0), Value::small(arg)],
            ),
            text(message),
        ]),
    }
}

/// The state `hash_init/1` gives and `hash_update/2` takes: `{'$crypto_hash', Algorithm,
/// Data}`, the data so far (OTP's is an opaque reference; a state is never changed in place,
/// as OTP's is not).
const STATE_TAG: &str = "$crypto_hash";

fn state(atoms: &mut AtomTable, algorithm: Algorithm, data: Vec<u8>) -> Value {
    Value::Tuple(vec![
        Value::atom(atoms.intern(STATE_TAG)),
        Value::atom(atoms.intern(algorithm.name())),
        bytes_value(data),
    ])
}

fn read_state(
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    t: Term,
) -> Result<Option<(Algorithm, Vec<u8>)>, Raise> {
    let Some([tag, algorithm, data]) = heap
        .tuple_elements(t)?
        .and_then(|e| <[Term; 3]>::try_from(e).ok())
    else {
        return Ok(None);
    };
    if term::shape(tag) != Shape::Atom(atoms.intern(STATE_TAG)) {
        return Ok(None);
    }
    let (Some(algorithm), Some(data)) = (
        Algorithm::named(atoms, algorithm),
        iodata_bytes(heap, data)?,
    ) else {
        return Ok(None);
    };
    Ok(Some((algorithm, data)))
}

/// The `crypto` NIFs.
pub(crate) fn eval(
    bif: CryptoBif,
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    args: &[Term],
) -> Result<Value, Raise> {
    let arg = |i: usize| args.get(i).copied().unwrap_or(term::NIL);
    let bad_digest =
        |atoms: &mut AtomTable| nif_error(atoms, "badarg", ("hash.c", 108), 0, "Bad digest type");
    match bif {
        CryptoBif::HashNif2 => {
            let Some(algorithm) = Algorithm::named(atoms, arg(0)) else {
                return Err(bad_digest(atoms));
            };
            let Some(data) = iodata_bytes(heap, arg(1))? else {
                return Err(nif_error(atoms, "badarg", ("hash.c", 111), 1, "Bad data"));
            };
            Ok(bytes_value(algorithm.digest(&data)))
        }
        CryptoBif::HashInitNif1 => match Algorithm::named(atoms, arg(0)) {
            Some(algorithm) => Ok(state(atoms, algorithm, Vec::new())),
            None => Err(nif_error(
                atoms,
                "badarg",
                ("hash.c", 142),
                0,
                "Bad digest type",
            )),
        },
        CryptoBif::HashUpdateNif2 => {
            let Some((algorithm, mut data)) = read_state(heap, atoms, arg(0))? else {
                return Err(nif_error(atoms, "badarg", ("hash.c", 234), 0, "Bad state"));
            };
            let Some(more) = iodata_bytes(heap, arg(1))? else {
                return Err(nif_error(atoms, "badarg", ("hash.c", 237), 1, "Bad data"));
            };
            data.extend_from_slice(&more);
            Ok(state(atoms, algorithm, data))
        }
        CryptoBif::HashFinalNif1 => match read_state(heap, atoms, arg(0))? {
            Some((algorithm, data)) => Ok(bytes_value(algorithm.digest(&data))),
            None => Err(nif_error(atoms, "badarg", ("hash.c", 280), 0, "Bad state")),
        },
        CryptoBif::HashInfoNif1 => match Algorithm::named(atoms, arg(0)) {
            Some(algorithm) => {
                let (id, size, block) = algorithm.info();
                let keys = ["block_size", "size", "type"].map(|k| Value::atom(atoms.intern(k)));
                Ok(Value::FlatMap(
                    Box::new(Value::Tuple(keys.to_vec())),
                    vec![Value::small(block), Value::small(size), Value::small(id)],
                ))
            }
            None => Err(badarg(atoms)),
        },
        CryptoBif::MacNif4 => {
            // mac_nif(Type, SubType, Key, Data): HMAC only.
            let hmac = Shape::Atom(atoms.intern("hmac"));
            if term::shape(arg(0)) != hmac {
                return Err(nif_error(
                    atoms,
                    "notsup",
                    ("mac.c", 231),
                    0,
                    "Unsupported mac algorithm",
                ));
            }
            let Some(algorithm) = Algorithm::named(atoms, arg(1)) else {
                return Err(nif_error(
                    atoms,
                    "badarg",
                    ("mac.c", 203),
                    1,
                    "Bad digest algorithm for HMAC",
                ));
            };
            let Some(key) = iodata_bytes(heap, arg(2))? else {
                return Err(nif_error(atoms, "badarg", ("mac.c", 190), 2, "Bad key"));
            };
            let Some(data) = iodata_bytes(heap, arg(3))? else {
                return Err(nif_error(atoms, "badarg", ("mac.c", 193), 3, "Bad text"));
            };
            Ok(bytes_value(algorithm.hmac(&key, &data)))
        }
        CryptoBif::DoExor2 => match (iodata_bytes(heap, arg(0))?, iodata_bytes(heap, arg(1))?) {
            (Some(a), Some(b)) if a.len() == b.len() => {
                Ok(bytes_value(a.iter().zip(&b).map(|(x, y)| x ^ y).collect()))
            }
            _ => Err(badarg(atoms)),
        },
        CryptoBif::StrongRandBytesNif1 => {
            let count = match term::shape(arg(0)) {
                Shape::Small(n) if (0..=1 << 30).contains(&n) => n as usize,
                _ => return Err(badarg(atoms)),
            };
            let mut bytes = vec![0u8; count];
            if strong_random(&mut bytes) {
                Ok(bytes_value(bytes))
            } else {
                // crypto.erl raises `low_entropy` on `false`.
                Ok(Value::boolean(false))
            }
        }
    }
}

/// Fills `bytes` from the OS's generator: `false` when it fails, and always on
/// `wasm32-unknown-unknown`, which has none (until its engine asks the JS host).
#[cfg(not(all(target_family = "wasm", target_os = "unknown")))]
fn strong_random(bytes: &mut [u8]) -> bool {
    getrandom::fill(bytes).is_ok()
}

#[cfg(all(target_family = "wasm", target_os = "unknown"))]
fn strong_random(_bytes: &mut [u8]) -> bool {
    false
}
