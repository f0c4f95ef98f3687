//! Robustness of `beamwasm::beam::read` on damaged and hostile input: a seeded mutation
//! run over real OTP modules (every result must be `Ok` or a clean `Err`), and handcrafted
//! files that must produce one exact error kind.

use std::path::PathBuf;
use std::time::Instant;

use beamwasm::beam::{read, BeamError, IndexKind, Operand, Term};

// ---------------------------------------------------------------------------------------
// Building .beam files by hand
// ---------------------------------------------------------------------------------------

fn chunk(id: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut bytes = id.to_vec();
    bytes.extend_from_slice(&(data.len() as u32).to_be_bytes());
    bytes.extend_from_slice(data);
    while !bytes.len().is_multiple_of(4) {
        bytes.push(0);
    }
    bytes
}

fn form(chunks: &[Vec<u8>]) -> Vec<u8> {
    let body: Vec<u8> = chunks.concat();
    let mut bytes = b"FOR1".to_vec();
    bytes.extend_from_slice(&((body.len() + 4) as u32).to_be_bytes());
    bytes.extend_from_slice(b"BEAM");
    bytes.extend_from_slice(&body);
    bytes
}

fn be32(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_be_bytes()).collect()
}

/// A one-byte compact operand (value < 16).
fn small(tag: u8, value: u8) -> u8 {
    assert!(value < 16);
    (value << 4) | tag
}

const U: u8 = 0;
const A: u8 = 2;
const X: u8 = 3;
const F: u8 = 5;
const Z: u8 = 7;

fn atoms_chunk(names: &[&str]) -> Vec<u8> {
    let mut data = (names.len() as u32).to_be_bytes().to_vec();
    for name in names {
        data.push(name.len() as u8);
        data.extend_from_slice(name.as_bytes());
    }
    chunk(b"AtU8", &data)
}

/// The body of function `m:f/0` (labels 1 and 2) followed by `int_code_end`.
fn code_chunk(body: &[u8]) -> Vec<u8> {
    let mut data = be32(&[16, 0, 184, 3, 1]);
    // label 1, func_info m f 0, label 2
    data.extend_from_slice(&[
        1,
        small(U, 1),
        2,
        small(A, 1),
        small(A, 2),
        small(U, 0),
        1,
        small(U, 2),
    ]);
    data.extend_from_slice(body);
    data.push(3); // int_code_end
    chunk(b"Code", &data)
}

/// A module `m` exporting `f/0` whose body is `body`, with extra chunks.
fn module_with(body: &[u8], extra: &[Vec<u8>]) -> Vec<u8> {
    let mut chunks = vec![
        atoms_chunk(&["m", "f"]),
        code_chunk(body),
        chunk(b"ImpT", &be32(&[0])),
        chunk(b"ExpT", &be32(&[1, 2, 0, 2])),
    ];
    chunks.extend_from_slice(extra);
    form(&chunks)
}

const RETURN: u8 = 19;

fn uncompressed_literals(terms: &[Vec<u8>]) -> Vec<u8> {
    let mut data = be32(&[0, terms.len() as u32]);
    for term in terms {
        data.extend_from_slice(&(term.len() as u32).to_be_bytes());
        data.extend_from_slice(term);
    }
    chunk(b"LitT", &data)
}

// ---------------------------------------------------------------------------------------
// Handcrafted cases
// ---------------------------------------------------------------------------------------

#[test]
fn minimal_handmade_module_reads() {
    let module = read(&module_with(&[RETURN], &[])).expect("valid module");
    assert_eq!(module.name, "m");
    assert_eq!(module.functions.len(), 1);
    let function = &module.functions[0];
    assert_eq!(module.function_name(function), "f");
    assert_eq!(function.entry_label, 2);
    assert_eq!(function.instructions.len(), 4);
    assert_eq!(module.label_site(2).map(|site| site.instruction), Some(2));
    assert!(module.label_site(0).is_none());
    assert_eq!(module.atom(1).ok(), Some("m"));
    assert!(matches!(
        module.atom(3),
        Err(BeamError::IndexOutOfRange {
            kind: IndexKind::Atom,
            ..
        })
    ));
}

#[test]
fn truncated_file() {
    let bytes = module_with(&[RETURN], &[]);
    assert!(matches!(
        read(&bytes[..6]),
        Err(BeamError::Truncated { .. })
    ));
    // Cut inside a chunk: the form size now lies.
    assert!(matches!(
        read(&bytes[..bytes.len() - 9]),
        Err(BeamError::BadFormSize { .. })
    ));
}

#[test]
fn bad_magic() {
    let mut bytes = module_with(&[RETURN], &[]);
    bytes[0] = b'X';
    assert!(matches!(
        read(&bytes),
        Err(BeamError::BadMagic { offset: 0, .. })
    ));
    let mut bytes = module_with(&[RETURN], &[]);
    bytes[8] = b'X';
    assert!(matches!(
        read(&bytes),
        Err(BeamError::BadMagic { offset: 8, .. })
    ));
}

#[test]
fn chunk_size_past_end() {
    let mut bytes = module_with(&[RETURN], &[]);
    // First chunk (AtU8) header is at byte 12; its size at 16.
    bytes[16..20].copy_from_slice(&0x7FFF_FFFFu32.to_be_bytes());
    assert!(matches!(
        read(&bytes),
        Err(BeamError::ChunkOutOfBounds { offset: 12, .. })
    ));
}

#[test]
fn missing_mandatory_chunk_is_named() {
    let bytes = form(&[atoms_chunk(&["m", "f"]), code_chunk(&[RETURN])]);
    match read(&bytes) {
        Err(BeamError::MissingChunk(id)) => assert_eq!(&id.0, b"ImpT"),
        other => panic!("expected MissingChunk, got {other:?}"),
    }
    let old_atoms = form(&[chunk(b"Atom", &[0, 0, 0, 1, 1, b'm'])]);
    assert_eq!(read(&old_atoms), Err(BeamError::ObsoleteAtomChunk));
}

#[test]
fn bad_tag() {
    // `label` with an x-register operand instead of `u`.
    let error = read(&module_with(&[1, small(X, 1), RETURN], &[])).unwrap_err();
    assert!(matches!(error, BeamError::BadTag { .. }), "{error}");
    // An extended list that is not the last operand (`move {list,[]} {x,0}`).
    let error = read(&module_with(
        &[64, small(Z, 1), small(U, 0), small(X, 0)],
        &[],
    ))
    .unwrap_err();
    assert!(matches!(error, BeamError::BadTag { .. }), "{error}");
    // z0 floats are obsolete.
    let error = read(&module_with(
        &[64, small(Z, 0), 0, 0, 0, 0, 0, 0, 0, 0, 3],
        &[],
    ))
    .unwrap_err();
    assert!(
        matches!(error, BeamError::ObsoleteFloatOperand { .. }),
        "{error}"
    );
}

#[test]
fn unknown_opcode_reports_offset() {
    let bytes = module_with(&[200], &[]);
    let expected_offset = bytes.windows(1).rposition(|w| w[0] == 200).unwrap();
    match read(&bytes) {
        Err(BeamError::UnknownOpcode { at, opcode: 200 }) => assert_eq!(at.offset, expected_offset),
        other => panic!("expected UnknownOpcode, got {other:?}"),
    }
}

#[test]
fn bad_zlib_in_literal_table() {
    let litt = chunk(b"LitT", &[0, 0, 0, 10, 1, 2, 3, 4, 5, 6, 7, 8]);
    let error = read(&module_with(&[RETURN], &[litt])).unwrap_err();
    assert!(matches!(error, BeamError::BadZlib { .. }), "{error}");
}

#[test]
fn out_of_range_atom_literal_label_import_fun() {
    let cases: Vec<(Vec<u8>, IndexKind)> = vec![
        // move {atom,9} {x,0}
        (vec![64, small(A, 9), small(X, 0), RETURN], IndexKind::Atom),
        // move {literal,5} {x,0}
        (
            vec![64, small(Z, 4), small(U, 5), small(X, 0), RETURN],
            IndexKind::Literal,
        ),
        // jump {f,9}
        (vec![61, small(F, 9)], IndexKind::Label),
        // call_ext 0 import#0 (ImpT is empty)
        (vec![7, small(U, 0), small(U, 0), RETURN], IndexKind::Import),
        // make_fun3 fun#0 {x,0} {list,[]} (no FunT)
        (
            vec![
                171,
                small(U, 0),
                small(X, 0),
                small(Z, 1),
                small(U, 0),
                RETURN,
            ],
            IndexKind::Fun,
        ),
    ];
    for (body, kind) in cases {
        match read(&module_with(&body, &[])) {
            Err(BeamError::IndexOutOfRange { kind: got, at, .. }) => {
                assert_eq!(got, kind);
                assert!(
                    matches!(at.context, beamwasm::beam::Context::Instruction { .. }),
                    "{at}"
                );
            }
            other => panic!("expected {kind} out of range, got {other:?}"),
        }
    }
}

#[test]
fn hostile_counts_fail_fast() {
    let started = Instant::now();
    // LitT (uncompressed form) claiming 2^32-1 literals.
    let litt = chunk(b"LitT", &be32(&[0, 0xFFFF_FFFF]));
    let error = read(&module_with(&[RETURN], &[litt])).unwrap_err();
    assert!(matches!(error, BeamError::BadSize { .. }), "{error}");
    // Compressed LitT declaring 4 GB of inflated data from a few bytes.
    let litt = chunk(b"LitT", &[0xFF, 0xFF, 0xFF, 0xFF, 0x78, 0x9C, 3, 0]);
    let error = read(&module_with(&[RETURN], &[litt])).unwrap_err();
    assert!(matches!(error, BeamError::BadZlib { .. }), "{error}");
    // Atom counts of 2^31 (negative: compact lengths) and 2^31 - 1.
    for count in [0x8000_0000u32, 0x7FFF_FFFF] {
        let mut data = count.to_be_bytes().to_vec();
        data.extend_from_slice(&[1, b'm']);
        let bytes = form(&[
            chunk(b"AtU8", &data),
            code_chunk(&[RETURN]),
            chunk(b"ImpT", &be32(&[0])),
            chunk(b"ExpT", &be32(&[0])),
        ]);
        let error = read(&bytes).unwrap_err();
        assert!(matches!(error, BeamError::BadSize { .. }), "{error}");
    }
    // Label count far beyond what the code could define.
    let mut code = be32(&[16, 0, 184, 0xFFFF_FFFF, 1]);
    code.push(3);
    let bytes = form(&[
        atoms_chunk(&["m"]),
        chunk(b"Code", &code),
        chunk(b"ImpT", &be32(&[0])),
        chunk(b"ExpT", &be32(&[0])),
    ]);
    let error = read(&bytes).unwrap_err();
    assert!(matches!(error, BeamError::BadSize { .. }), "{error}");
    // A list operand claiming 2^40 elements.
    let body = [
        59,
        small(X, 0),
        small(F, 0),
        small(Z, 1),
        0x98,
        1,
        0,
        0,
        0,
        0,
        0,
    ];
    let error = read(&module_with(&body, &[])).unwrap_err();
    assert!(matches!(error, BeamError::BadSize { .. }), "{error}");
    assert!(
        started.elapsed().as_secs() < 2,
        "hostile counts took {:?}",
        started.elapsed()
    );
}

fn nested_list_term(depth: usize) -> Vec<u8> {
    let mut term = vec![131];
    for _ in 0..depth {
        term.extend_from_slice(&[108, 0, 0, 0, 1]);
    }
    term.push(106);
    term.extend(std::iter::repeat_n(106, depth));
    term
}

#[test]
fn deeply_nested_literal_is_rejected_without_stack_overflow() {
    let litt = uncompressed_literals(&[nested_list_term(100_000)]);
    let error = read(&module_with(&[RETURN], &[litt])).unwrap_err();
    assert!(matches!(error, BeamError::TooDeep { .. }), "{error}");

    // Moderate nesting decodes (and drops) fine.
    let litt = uncompressed_literals(&[nested_list_term(500)]);
    let module = read(&module_with(&[RETURN], &[litt])).expect("500 levels are fine");
    let mut depth = 0;
    let mut term = &module.literals[0];
    while let Term::List(items, _) = term {
        depth += 1;
        term = &items[0];
    }
    assert_eq!(depth, 500);
}

#[test]
fn deepest_accepted_literal_decodes_prints_and_drops_on_a_test_thread() {
    // Test threads have small stacks, so this also guards the recursive Drop and printer.
    let depth = beamwasm::beam::MAX_TERM_DEPTH - 1;
    let litt = uncompressed_literals(&[nested_list_term(depth)]);
    let body = [64, small(Z, 4), small(U, 0), small(X, 0), RETURN];
    let module = read(&module_with(&body, &[litt])).expect("just below the depth limit");
    let listing = beamwasm::beam::disasm::listing(&module);
    assert!(listing.contains(&"[".repeat(depth)));
    let copy = module.clone();
    assert!(copy == module);
    drop(copy);
    drop(module);
}

#[test]
fn long_proper_list_literal_decodes_iteratively() {
    let count = 1_000_000u32;
    let mut term = vec![131, 108];
    term.extend_from_slice(&count.to_be_bytes());
    for i in 0..count {
        term.extend_from_slice(&[97, (i % 256) as u8]);
    }
    term.push(106);
    let litt = uncompressed_literals(&[term]);
    let module = read(&module_with(&[RETURN], &[litt])).expect("long list");
    match &module.literals[0] {
        Term::List(items, tail) => {
            assert_eq!(items.len(), count as usize);
            assert_eq!(**tail, Term::Nil);
        }
        other => panic!("expected a list, got {other:?}"),
    }
}

#[test]
fn otp28_negative_atom_count_with_compact_lengths() {
    let long_name = "a".repeat(300);
    let mut data = (-3i32).to_be_bytes().to_vec();
    for name in ["m", "f"] {
        data.push(small(U, name.len() as u8));
        data.extend_from_slice(name.as_bytes());
    }
    // 300 in the two-byte form: top three bits of the 11-bit value in the first byte.
    data.extend_from_slice(&[((300 >> 8) << 5) as u8 | 0x08, (300 & 0xFF) as u8]);
    data.extend_from_slice(long_name.as_bytes());
    let bytes = form(&[
        chunk(b"AtU8", &data),
        code_chunk(&[RETURN]),
        chunk(b"ImpT", &be32(&[0])),
        chunk(b"ExpT", &be32(&[1, 2, 0, 2])),
    ]);
    let module = read(&bytes).expect("OTP 28 atom table");
    assert_eq!(module.atoms, vec!["m".to_string(), "f".into(), long_name]);
}

#[test]
fn otp28_uncompressed_literal_table() {
    // {ok, "hi", 1.5, <<1,2>>} and -300
    let tuple = vec![
        131, 104, 4, 119, 2, b'o', b'k', 107, 0, 2, b'h', b'i', 70, 0x3F, 0xF8, 0, 0, 0, 0, 0, 0,
        109, 0, 0, 0, 2, 1, 2,
    ];
    let negative = vec![131, 98, 0xFF, 0xFF, 0xFE, 0xD4];
    let litt = uncompressed_literals(&[tuple, negative]);
    let body = [64, small(Z, 4), small(U, 1), small(X, 0), RETURN];
    let module = read(&module_with(&body, &[litt])).expect("uncompressed LitT");
    assert_eq!(
        module.literals[0],
        Term::Tuple(vec![
            Term::Atom("ok".into()),
            Term::String(b"hi".to_vec()),
            Term::Float(1.5),
            Term::Binary(vec![1, 2]),
        ])
    );
    assert_eq!(module.literals[1], Term::Integer(-300));
    assert_eq!(
        module.functions[0].instructions[3].args[0],
        Operand::Literal(1)
    );
}

#[test]
fn compact_integer_forms() {
    // move {integer,N} {x,0} for the 1-byte, 2-byte, multi-byte and nested-length forms.
    let cases: Vec<(Vec<u8>, Operand)> = vec![
        (vec![0xF1], Operand::Int(15)),
        (vec![0xE9, 0xFF], Operand::Int(2047)),
        (vec![0x19, 0xFF, 0xFF], Operand::Int(-1)),
        (vec![0x79, 1, 0, 0, 0, 0], Operand::Int(1 << 32)),
        (
            // 2^100: 13 bytes, so the length is 9 + u(4).
            {
                let mut bytes = vec![0xF9, small(U, 4), 0x10];
                bytes.extend_from_slice(&[0; 12]);
                bytes
            },
            Operand::BigInt(num_bigint::BigInt::from(1u8) << 100),
        ),
    ];
    for (encoded, expected) in cases {
        let mut body = vec![64];
        body.extend_from_slice(&encoded);
        body.extend_from_slice(&[small(X, 0), RETURN]);
        let module = read(&module_with(&body, &[])).expect("integer operand");
        assert_eq!(module.functions[0].instructions[3].args[0], expected);
    }
}

// ---------------------------------------------------------------------------------------
// Seeded mutations of real modules
// ---------------------------------------------------------------------------------------

/// xorshift64*: small, seeded and reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

fn sample_modules(count: usize) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("/usr/lib/erlang/lib")
        .map(|apps| {
            apps.flatten()
                .filter_map(|app| std::fs::read_dir(app.path().join("ebin")).ok())
                .flat_map(|entries| entries.flatten().map(|entry| entry.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "beam"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    // Keep the run fast: spread the sample over the corpus, preferring small modules.
    let small: Vec<PathBuf> = files
        .into_iter()
        .filter(|path| std::fs::metadata(path).is_ok_and(|m| m.len() < 40_000))
        .collect();
    let step = (small.len() / count).max(1);
    small
        .into_iter()
        .step_by(step)
        .take(count)
        .filter_map(|path| std::fs::read(&path).ok().map(|bytes| (path, bytes)))
        .collect()
}

/// Offsets of every chunk's size field.
fn chunk_size_fields(bytes: &[u8]) -> Vec<usize> {
    let mut fields = Vec::new();
    let mut offset = 12;
    while offset + 8 <= bytes.len() {
        fields.push(offset + 4);
        let size = u32::from_be_bytes([
            bytes[offset + 4],
            bytes[offset + 5],
            bytes[offset + 6],
            bytes[offset + 7],
        ]) as usize;
        offset += 8 + size.div_ceil(4) * 4;
    }
    fields
}

fn mutate(rng: &mut Rng, original: &[u8]) -> Vec<u8> {
    let mut bytes = original.to_vec();
    match rng.below(6) {
        0 => bytes.truncate(rng.below(bytes.len())),
        1 => {
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(bytes.len());
                bytes[at] ^= 1 << rng.below(8);
            }
        }
        2 => {
            let at = rng.below(bytes.len());
            bytes[at] = rng.next() as u8;
        }
        3 => {
            // A chunk-size lie: slightly off, zero, huge, or random.
            let fields = chunk_size_fields(&bytes);
            let field = fields[rng.below(fields.len())];
            let old = u32::from_be_bytes([
                bytes[field],
                bytes[field + 1],
                bytes[field + 2],
                bytes[field + 3],
            ]);
            let new = match rng.below(4) {
                0 => old.wrapping_add(rng.below(9) as u32).wrapping_sub(4),
                1 => 0,
                2 => u32::MAX - rng.below(16) as u32,
                _ => rng.next() as u32,
            };
            bytes[field..field + 4].copy_from_slice(&new.to_be_bytes());
        }
        4 => {
            // Corrupt an aligned 32-bit field (counts and sizes inside chunks).
            let at = rng.below(bytes.len() / 4) * 4;
            let value = match rng.below(3) {
                0 => u32::MAX,
                1 => 0x8000_0000,
                _ => rng.next() as u32,
            };
            if at + 4 <= bytes.len() {
                bytes[at..at + 4].copy_from_slice(&value.to_be_bytes());
            }
        }
        _ => {
            // Splice: duplicate or delete a short run of bytes.
            let at = rng.below(bytes.len());
            let length = 1 + rng.below(16);
            if rng.below(2) == 0 {
                let end = (at + length).min(bytes.len());
                bytes.drain(at..end);
            } else {
                let run: Vec<u8> = bytes[at..(at + length).min(bytes.len())].to_vec();
                bytes.splice(at..at, run);
            }
        }
    }
    bytes
}

#[test]
fn mutated_real_modules_never_panic() {
    let modules = sample_modules(40);
    assert!(
        modules.len() >= 10,
        "too few OTP .beam files found: run `scripts/test` (it installs Erlang/OTP)"
    );
    let mutations_per_module = 300;
    let mut rng = Rng(0x5EED_BEA5_0000_0001);
    let started = Instant::now();
    let (mut executions, mut accepted) = (0usize, 0usize);
    for (path, original) in &modules {
        read(original).unwrap_or_else(|e| panic!("{}: unmutated file fails: {e}", path.display()));
        for round in 0..mutations_per_module {
            let mutated = mutate(&mut rng, original);
            let outcome = std::panic::catch_unwind(|| read(&mutated).is_ok());
            match outcome {
                Ok(true) => accepted += 1,
                Ok(false) => {}
                Err(_) => panic!("{}: mutation round {round} panicked", path.display()),
            }
            executions += 1;
        }
    }
    println!(
        "{executions} mutated executions over {} modules ({accepted} still decoded) in {:.2?}",
        modules.len(),
        started.elapsed()
    );
}
